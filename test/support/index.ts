// One entry for scripts that load the fakes (scripts/load-test-support.mjs): demo and bench.
export { startFakeGateway } from './fake-gateway.js'
export { startFakeSts } from './fake-sts.js'
export { startFaultServer } from './fault-servers.js'
export { CredentialStore } from './credential-store.js'
export { createTestPki } from './test-ca.js'
