import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 20000,
    hookTimeout: 60000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'differential', include: ['test/differential/**/*.test.ts'] } },
      { extends: true, test: { name: 'adapters', include: ['test/adapters/**/*.test.ts'] } },
      { extends: true, test: { name: 'clients', include: ['test/clients/**/*.test.ts'] } },
      { extends: true, test: { name: 'meta', include: ['test/meta/**/*.test.ts'] } },
      { extends: true, test: { name: 'workers', include: ['test/workers/**/*.test.ts'], globalSetup: ['test/workers/setup.ts'], testTimeout: 60000 } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
      { extends: true, test: { name: 'quickjs', include: ['test/quickjs/**/*.test.ts'] } },
    ],
  },
})
