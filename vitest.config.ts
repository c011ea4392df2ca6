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

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: blankAws,
    // A timeout here only says a test hangs; on a loaded 2-core machine (load 20-30 while mutation
    // runs share it) a few-second test took over 20 s, so the defaults are generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test time is spent waiting on child processes, sockets and timers, not on the CPU:
    // vitest's default on these 2-core machines is one worker (the whole suite took ~170 s);
    // four take ~65 s. Wall-clock bounds in tests carry LOAD_SLACK_MS for the extra load.
    maxWorkers: 4,
  },
})
