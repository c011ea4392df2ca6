/**
 * Shared StrykerJS settings for `npm run mutate` (scripts/mutate.mjs). Each area config in this
 * folder (`<area>.config.mjs`) calls `areaConfig` with the files it mutates and the vitest config
 * that lists only the tests that matter for them: a mutant run then loads a handful of test files
 * instead of the whole suite.
 */
export function areaConfig({ area, mutate, vitestConfig }) {
  return {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: vitestConfig, related: false },
    mutate,
    // One test process: the machines are shared 2-core boxes, and a second worker only adds
    // contention. Raise it locally with `--concurrency N` on an idle machine.
    concurrency: 1,
    // Incremental: a rerun only retests mutants whose source or covering tests changed.
    incremental: true,
    incrementalFile: `reports/stryker/${area}.incremental.json`,
    // Static mutants (code that runs once at module load: top-level constants, tables, regexes)
    // need a fresh module graph per mutant, and the vitest runner does not reliably give them
    // one, so their survival says nothing. They are skipped here and reported as "ignored";
    // the README ("Mutation testing") says how they are covered instead.
    ignoreStatic: true,
    coverageAnalysis: 'perTest',
    reporters: ['progress-append-only', 'clear-text', 'json', 'html'],
    jsonReporter: { fileName: `reports/stryker/${area}.json` },
    htmlReporter: { fileName: `reports/stryker/${area}.html` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    tempDirName: `.stryker-tmp/${area}`,
    // The sandbox needs src/, test/, fixtures/ and the configs; not other areas' sandboxes or builds.
    ignorePatterns: ['/.stryker-tmp', '/reports', '/dist', '/coverage', '/.dist-build-*', '/dist.old-*', '/bench'],
    cleanTempDir: true,
    timeoutMS: 10_000,
    timeoutFactor: 2,
    thresholds: { high: 90, low: 80, break: null },
  }
}
