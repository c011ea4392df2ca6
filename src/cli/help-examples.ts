/**
 * The examples at the end of each command's --help: real commands, 2–4 each. A test checks
 * that every flag they use exists on that command.
 */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': [
    'pvapi call https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
    'pvapi doctor --snapshot examples/doctor/sourcevpce-mismatch.json',
    'pvapi whoami --role-arn arn:aws:iam::222222222222:role/invoker',
  ],
  call: [
    'pvapi call https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
    'pvapi call https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/items --api-id abc1234567',
    'pvapi call https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/orders --json \'{"id":42}\' --role-arn arn:aws:iam::222222222222:role/invoker -f',
    'pvapi call https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/health --repeat 100 --concurrency 4',
  ],
  sign: [
    'pvapi sign https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --format headers',
    'pvapi sign https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items -X POST -d @body.json --format curl',
  ],
  whoami: [
    'pvapi whoami',
    'pvapi whoami --profile prod --role-arn arn:aws:iam::222222222222:role/invoker --external-id ext-123',
    'pvapi whoami --format json',
  ],
  doctor: [
    'pvapi doctor --snapshot examples/doctor/sourcevpce-mismatch.json',
    'pvapi doctor https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --from-imds --dns-server 10.0.0.2',
    'pvapi doctor https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --lambda orders-worker --api-role-arn arn:aws:iam::222222222222:role/doctor-readonly',
    'pvapi doctor --from-api f1e2d3c4b5 --stage live --path /orders/items -X GET --region us-east-1 --api-role-arn arn:aws:iam::222222222222:role/doctor-readonly',
  ],
  policy: [
    'pvapi policy lint rp.json --kind resource',
    'pvapi policy eval --resource-policy rp.json --principal arn:aws:sts::111111111111:assumed-role/orders-caller/s1 --url https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --api-account 222222222222',
  ],
  'policy eval': [
    'pvapi policy eval --resource-policy rp.json --identity-policy caller.json --principal arn:aws:sts::111111111111:assumed-role/orders-caller/s1 --url https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --api-account 222222222222',
    'pvapi policy eval --resource-policy rp.json --principal arn:aws:iam::111111111111:role/orders-caller --url https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items --api-account 222222222222 --vpce vpce-0123456789abcdef0 --format json',
  ],
  'policy lint': [
    'pvapi policy lint rp.json --kind resource',
    'pvapi policy lint endpoint.json --kind endpoint --format json',
  ],
  'policy scaffold': [
    'pvapi policy scaffold --caller-role arn:aws:iam::111111111111:role/orders-caller --api arn:aws:execute-api:us-east-1:222222222222:abc1234567/prod --vpce vpce-0123456789abcdef0 --route GET:/items',
    'pvapi policy scaffold --caller-role arn:aws:iam::111111111111:role/orders-caller --api arn:aws:execute-api:us-east-1:222222222222:abc1234567/prod --vpce vpce-0123456789abcdef0 --route GET:/items --route POST:/items',
  ],
  completion: [
    'pvapi completion bash > ~/.local/share/bash-completion/completions/pvapi',
    'source <(pvapi completion zsh)',
    'pvapi completion fish > ~/.config/fish/completions/pvapi.fish',
  ],
}

export function examplesText(path: string): string | undefined {
  const list = HELP_EXAMPLES[path]
  return list ? `\nExamples:\n${list.map(e => `  ${e}`).join('\n')}` : undefined
}
