/**
 * The route (SNI, Host, x-apigw-api-id) moved to core/route.ts: the doctor derives it too, and
 * the doctor may only import core. Kept so call's modules and tests read as before.
 */
export * from '../core/route.js'
