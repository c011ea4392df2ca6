import { defineConfig } from 'vitest/config'

// No test may reach real AWS: blank every credential/profile variable, point the shared
// config files at nothing, and turn IMDS off. Tests that need credentials set them locally.
const blankAws = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_DEFAULT_PROFILE: '',
  AWS_REGION: '',
  AWS_DEFAULT_REGION: '',
  AWS_CONFIG_FILE: '/nonexistent/pvapi-test-aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/pvapi-test-aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_ROLE_ARN: '',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  NO_COLOR: '1',
  // No proxy or CA bundle of the machine running the tests leaks into them.
  HTTPS_PROXY: '',
  https_proxy: '',
  HTTP_PROXY: '',
  http_proxy: '',
  ALL_PROXY: '',
  all_proxy: '',
  NO_PROXY: '',
  no_proxy: '',
  AWS_CA_BUNDLE: '',
  CURL_CA_BUNDLE: '',
  SSL_CERT_FILE: '',
}

/** Settings every test run shares (the stryker/ configs use them too, with their own files). */
export const sharedTest = {
  env: blankAws,
  // A timeout here only says a test hangs; on a loaded 2-core machine (load 20-30 while mutation
  // runs share it) a few-second test took over 20 s, so the defaults are generous.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  setupFiles: ['test/helpers/no-leaks.ts'],
}

export default defineConfig({
  test: {
    ...sharedTest,
    include: ['test/**/*.test.ts'],
    // Test files share their worker's module graph instead of loading and transforming every
    // import again for each of ~200 files, which was most of the suite's time (76 s -> 41 s on a
    // 2-core machine, the same 4,242 tests). The price is discipline: a file that patches
    // something global (process.env, the SDK clients through aws-sdk-client-mock, fake timers)
    // restores it in a finally or afterAll, and test/helpers/no-leaks.ts fails a file that does
    // not. (Two projects, isolating the files that patch globals, measured 55-68 s.)
    isolate: false,
    // Most test time is spent waiting on child processes, sockets and timers, not on the CPU:
    // vitest's default on these 2-core machines is one worker (the whole suite took ~170 s);
    // four take well under half that. Wall-clock bounds in tests carry LOAD_SLACK_MS.
    maxWorkers: 4,
  },
})
