/**
 * A 403 answered through an endpoint-specific name (`vpce-….execute-api.R.vpce.amazonaws.com`,
 * the API named by x-apigw-api-id or a Host override). Since 2025 one possible cause is an API or
 * custom domain with an enhanced security policy (`SecurityPolicy_*`) in endpoint access mode
 * STRICT: STRICT matches the TLS server name with the Host, which this name form never does, and
 * refuses it before any policy ("Invoke a private API": without a custom domain or private DNS,
 * the mode must be BASIC). The text of that refusal is not documented, so this is said as a
 * possibility next to the catalogue's reading, never instead of it.
 */
export function strictAccessModeNote(status: number, connectHost: string): string | undefined {
  if (status !== 403 || !/\.vpce\.amazonaws\.com\.?$/i.test(connectHost)) return undefined
  return 'through an endpoint-specific name, one possible cause is endpoint access mode STRICT (an API or custom domain with a SecurityPolicy_* security policy refuses this name form): call it by private DNS, the {api}-{vpce} alias or the custom domain, or set the mode to BASIC (pvapi doctor reads it)'
}
