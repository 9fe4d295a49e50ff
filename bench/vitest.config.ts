import {defineConfig} from 'vitest/config'

// Benchmarks that need the in-process test API server (TypeScript): `npm run bench:live`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    disableConsoleIntercept: true,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    env: {NO_COLOR: '1'},
  },
})
