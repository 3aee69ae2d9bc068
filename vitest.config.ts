import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Says once per run when Sigma's OpenAPI document is absent (its tests skip); CI requires it.
    globalSetup: ["test/helpers/openapi-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep worker count modest so end-to-end tests with real ports are not starved.
    maxWorkers: 2,
  },
});
