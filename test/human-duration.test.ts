/**
 * kubectl's human duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration), case by case at every
 * boundary of its rules.
 */
import {describe, expect, it} from 'vitest'
import {humanDuration} from '../src/format/human-duration.js'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h
const y = 365 * d

describe('humanDuration', () => {
  const cases: Array<[number, string]> = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 3 * s, '5m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [4 * h + 5 * m, '4h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [400 * d, '400d'],
    [2 * y - 1 * h, '729d'],
    [2 * y, '2y'],
    [3 * y + 10 * d + 12 * h, '3y10d'],
    [8 * y - 1 * d, '7y364d'],
    [8 * y, '8y'],
    [12 * y + 100 * d, '12y'],
  ]
  for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => expect(humanDuration(ms)).toBe(text))
})
