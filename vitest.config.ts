import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    disableConsoleIntercept: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: {OCLIF_TEST_ROOT: import.meta.dirname, NO_COLOR: '1'},
  },
})
