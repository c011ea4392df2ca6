/**
 * The bad-input table: every command and flag of `call`, `sign`, `whoami`, `policy
 * eval|lint|scaffold` and the top level, fed something wrong (and a few awkward inputs that
 * must work). bad-input.test.ts runs each case through the built CLI.
 *
 * Tokens in `args`: `{dir}` is the fixture folder (see bad-input.test.ts for its files), `{U}`
 * a well-formed private-DNS URL. `gw: true` appends --connect-to/--cacert for a loopback fake
 * API Gateway. Expected exit codes are the README's table (plus 58/77, see the report).
 */
import { readdirSync } from 'node:fs'
import type { CliResult } from '../helpers/run-cli.js'

export interface Fixture {
  readonly dir: string
  /** Set when chmod 000 does not stop this user (root) from reading: the case is skipped with it. */
  readonly unreadableSkip?: string
}

export interface BadInputCase {
  readonly name: string
  readonly args: readonly string[]
  readonly code: number
  /** The first stderr line after `pvapi: `: names the input and what is wrong. */
  readonly error?: RegExp
  /** The `  hint:` line, where one helps. */
  readonly hint?: RegExp
  /** What stdout shows (results: a DENY, lint findings, a dry run). */
  readonly stdout?: RegExp
  readonly stdin?: Buffer | string
  /** 'bare': no credentials at all (default: fake static credentials, never valid anywhere). */
  readonly env?: 'bare'
  /** Append the fake gateway's --connect-to / --cacert. */
  readonly gw?: true
  /**
   * Rejected by commander while parsing, before any command runs: main.ts prints commander's
   * line and a hint, and --debug has no stack to add.
   */
  readonly parser?: true
  /** Run the built binary in a real process (default: in-process through main(), see run-in-process.ts). */
  readonly process?: true
  /** Why the case cannot run here (decided at collection time). */
  readonly skip?: (f: Fixture) => string | undefined
  /** Extra assertions (throw to fail). */
  readonly check?: (r: CliResult, f: Fixture) => void
}

export const API = 'abc1234567'
export const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
export const U = `https://${HOST}/prod/items`
const VPCE_HOST = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
const ROLE_A = 'arn:aws:iam::111111111111:role/jump'
const ROLE_B = 'arn:aws:iam::222222222222:role/invoker'
const METHOD_ARN = `arn:aws:execute-api:us-east-1:111111111111:${API}/prod/GET/items`
const PRINCIPAL = 'arn:aws:iam::111111111111:role/app'
const SCAFFOLD = [
  'policy',
  'scaffold',
  '--caller-role',
  PRINCIPAL,
  '--api',
  `arn:aws:execute-api:us-east-1:111111111111:${API}/prod`,
  '--vpce',
  'vpce-0123456789abcdef0',
]
const EVAL = ['policy', 'eval', '--principal', PRINCIPAL, '--resource', METHOD_ARN]

const call = (...a: string[]) => ['call', U, ...a]
const dry = (...a: string[]) => ['call', U, ...a, '--dry-run']
const HELP = /--help lists the options/

/** `pvapi call` with a URL (always --dry-run unless the URL is refused, so nothing is sent). */
const url = (
  name: string,
  u: string,
  code: number,
  error?: RegExp,
  hint?: RegExp,
  extra: string[] = [],
): BadInputCase => ({
  name: `call URL: ${name}`,
  args: ['call', u, ...extra, '--dry-run'],
  code,
  ...(error ? { error } : {}),
  ...(hint ? { hint } : {}),
})

const parser = (name: string, args: string[], error: RegExp): BadInputCase => ({
  name,
  args,
  code: 2,
  error,
  hint: HELP,
  parser: true,
})

export const CASES: readonly BadInputCase[] = [
  // ── top level and commander's own parsing ───────────────────────────────────────────
  parser('top: unknown command', ['bogus'], /^unknown command 'bogus'/),
  parser('top: misspelled command', ['cal', U], /^unknown command 'cal'/),
  parser('top: unknown flag', ['--bogus'], /^unknown option '--bogus'/),
  parser('call: no URL', ['call'], /^missing required argument 'url'/),
  parser('call: two URLs', ['call', U, U], /^too many arguments for 'call'/),
  parser('call: unknown flag', call('--bogus'), /^unknown option '--bogus'/),
  parser('call: misspelled flag', call('--dryrun'), /^unknown option '--dryrun'/),
  parser('call: -H without its value', call('-H'), /^option '-H, --header <header>' argument missing/),
  parser('call: --retry without its value', call('--retry'), /^option '--retry <n>' argument missing/),
  parser('call: -o without its value', call('-o'), /^option '-o, --output <file>' argument missing/),
  parser('call: --no-sign takes no value', ['call', U, '--sign'], /^unknown option '--sign'/),
  parser('sign: no URL', ['sign'], /^missing required argument 'url'/),
  parser('sign: unknown flag', ['sign', U, '--no-sign'], /^unknown option '--no-sign'/),
  parser('whoami: a positional argument', ['whoami', 'alice'], /^too many arguments for 'whoami'/),
  parser('whoami: unknown flag', ['whoami', '--user', 'x'], /^unknown option '--user'/),
  parser('policy: unknown subcommand', ['policy', 'check'], /^unknown command 'check'/),
  parser(
    'policy eval: no --principal',
    ['policy', 'eval', '--resource', METHOD_ARN],
    /^required option '--principal <arn>' not specified/,
  ),
  parser('policy eval: unknown flag', [...EVAL, '--deny'], /^unknown option '--deny'/),
  parser('policy lint: no file', ['policy', 'lint'], /^missing required argument 'file'/),
  parser(
    'policy lint: --kind without its value',
    ['policy', 'lint', '{dir}/ok.json', '--kind'],
    /^option '--kind <kind>' argument missing/,
  ),
  parser(
    'policy scaffold: no --caller-role',
    ['policy', 'scaffold', '--api', METHOD_ARN, '--vpce', 'vpce-0123456789abcdef0'],
    /^required option '--caller-role <arn>' not specified/,
  ),
  parser(
    'policy scaffold: no --vpce',
    ['policy', 'scaffold', '--caller-role', PRINCIPAL, '--api', METHOD_ARN],
    /^required option '--vpce <id>' not specified/,
  ),

  // ── conflicting flags ───────────────────────────────────────────────────────────────
  {
    name: 'call: -f with --fail-with-body',
    args: call('-f', '--fail-with-body'),
    code: 2,
    error: /^--fail and --fail-with-body are mutually exclusive/,
  },
  {
    name: 'call: -k with --cacert',
    args: call('-k', '--cacert', '{dir}/ca.pem'),
    code: 2,
    error: /^-k\/--insecure and --cacert contradict each other/,
    hint: /drop one/,
  },
  {
    name: 'call: --key without --cert',
    args: call('--key', '{dir}/client.key'),
    code: 2,
    error: /^--key needs --cert/,
  },
  {
    name: 'call: --external-id without --role-arn',
    args: dry('--external-id', 'x'),
    code: 2,
    error: /^--external-id needs --role-arn/,
  },
  {
    name: 'call: --mfa-serial without --role-arn',
    args: dry('--mfa-serial', 'arn:aws:iam::111111111111:mfa/alice'),
    code: 2,
    error: /^--mfa-serial needs --role-arn/,
  },
  {
    name: 'call: two --external-id for one role',
    args: dry('--role-arn', ROLE_A, '--external-id', 'a', '--external-id', 'b'),
    code: 2,
    error: /^2 --external-id values for 1 roles/,
    hint: /one per --role-arn/,
  },
  {
    name: 'policy eval: both --url and --resource',
    args: [...EVAL, '--url', U],
    code: 2,
    error: /^give exactly one of --url and --resource/,
    hint: /--url https:/,
  },
  {
    name: 'policy eval: neither --url nor --resource',
    args: ['policy', 'eval', '--principal', PRINCIPAL],
    code: 2,
    error: /^give exactly one of --url and --resource/,
  },
  {
    name: 'sign: --format xml',
    args: ['sign', U, '--format', 'xml'],
    code: 2,
    error: /^--format xml: expected headers, json or curl/,
  },
  {
    name: 'whoami: --format yaml',
    args: ['whoami', '--format', 'yaml'],
    code: 2,
    error: /^--format yaml: expected text or json/,
  },
  {
    name: 'policy eval: --format yaml',
    args: [...EVAL, '--format', 'yaml'],
    code: 2,
    error: /^--format yaml: expected text or json/,
  },
  {
    name: 'policy lint: --format md',
    args: ['policy', 'lint', '{dir}/ok.json', '--format', 'md'],
    code: 2,
    error: /^--format md: expected text or json/,
  },
  {
    name: 'policy scaffold: --format yaml',
    args: [...SCAFFOLD, '--route', 'GET:/x', '--format', 'yaml'],
    code: 2,
    error: /^--format yaml: expected text or json/,
  },

  // ── URLs ────────────────────────────────────────────────────────────────────────────
  url('empty', '', 2, /^URL is empty/, /give a URL such as https:/),
  url('blank', '   ', 2, /^URL is empty/),
  url(
    'ftp scheme',
    'ftp://files.example.com/x',
    2,
    /^unsupported scheme ftp in ftp:\/\/files\.example\.com\/x/,
    /use https:/,
  ),
  url('file scheme', 'file:///etc/passwd', 2, /^unsupported scheme file in file:\/\/\/etc\/passwd/),
  url(
    'javascript: pseudo-URL',
    'javascript:alert(1)',
    2,
    /^not a valid URL: javascript:alert\(1\)/,
    /expected https:\/\/HOST\/PATH/,
  ),
  url('no host (https:///x)', 'https:///prod/items', 2, /^URL has no host: https:\/\/\/prod\/items/),
  url(
    'http:// to a private API',
    `http://${HOST}/prod/items`,
    2,
    /^API Gateway and VPC endpoints only accept HTTPS: http:\/\/abc1234567/,
    /use https:\/\//,
  ),
  url(
    'http:// to a VPC endpoint name',
    `http://${VPCE_HOST}/prod`,
    2,
    /^API Gateway and VPC endpoints only accept HTTPS: http:\/\/vpce-/,
  ),
  url('HTTP:// in capitals', `HTTP://${HOST}/prod`, 2, /only accept HTTPS/),
  url(
    'user-info user:password@',
    `https://alice:pw@${HOST}/prod`,
    2,
    /^URL user-info \(user:password@\) is not supported/,
    /remove the user-info part/,
  ),
  url('user-info user@', `https://alice@${HOST}/prod`, 2, /^URL user-info/),
  url(
    'port above 65535',
    `https://${HOST}:99999/prod`,
    2,
    /^not a valid URL: https:\/\/abc1234567\.execute-api\.us-east-1\.amazonaws\.com:99999\/prod/,
  ),
  url(
    'port 0',
    `https://${HOST}:0/prod`,
    2,
    /^port 0 in https:\/\/abc1234567.*is not a port to connect to/,
    /1 to 65535/,
  ),
  url('port that is not a number', `https://${HOST}:https/prod`, 2, /^not a valid URL/),
  url('space in the host', 'https://exa mple.com/x', 2, /^not a valid URL: https:\/\/exa mple\.com\/x/),
  url('unterminated IPv6 literal', 'https://[::1/x', 2, /^not a valid URL: https:\/\/\[::1\/x/),
  url('IPv6 literal with a zone id', 'https://[fe80::1%25eth0]/x', 2, /^not a valid URL/),
  url(
    'IPv6 literal without a region',
    'https://[::1]:8443/x',
    2,
    /^cannot tell the signing region for ::1/,
    /add --region/,
  ),
  {
    name: 'call URL: IPv6 literal with --region keeps its brackets in Host',
    args: ['call', 'https://[::1]:8443/x', '--region', 'us-east-1', '--dry-run'],
    code: 0,
    stdout: /\nHost: \[::1\]:8443\n/,
  },
  url(
    'non-ASCII custom domain without a region',
    'https://äpi.example.com/orders',
    2,
    /^cannot tell the signing region for xn--pi-uia\.example\.com/,
    /add --region/,
  ),
  {
    name: 'call URL: non-ASCII host is sent as punycode',
    args: ['call', 'https://äpi.example.com/orders', '--region', 'eu-west-1', '--dry-run'],
    code: 0,
    stdout: /\nHost: xn--pi-uia\.example\.com\n/,
  },
  {
    name: 'call URL: a fragment is not sent',
    args: ['call', `${U}?a=1#section-2`, '--dry-run'],
    code: 0,
    stdout: /^GET https:\/\/abc1234567[^\n#]*\/prod\/items\?a=1\n/m,
    check: r => expectNot(r.out, /section-2/),
  },
  {
    name: 'call URL: no scheme means https',
    args: ['call', `${HOST}/prod/items`, '--dry-run'],
    code: 0,
    stdout: /^GET https:\/\/abc1234567\.execute-api\.us-east-1\.amazonaws\.com\/prod\/items$/m,
  },
  url(
    'query with a non-UTF-8 escape',
    `${U}?k=%FF`,
    2,
    /^query component "%FF" is not valid percent-encoded UTF-8/,
    /encode a literal % as %25/,
  ),
  url(
    'query with a truncated escape',
    `${U}?k=%E2%82`,
    2,
    /^query component "%E2%82" is not valid percent-encoded UTF-8/,
  ),
  url(
    'query key __proto__',
    `${U}?__proto__=1`,
    2,
    /^a query parameter named __proto__ cannot be signed correctly/,
    /rename/,
  ),
  url(
    'endpoint-specific name without --api-id',
    `https://${VPCE_HOST}/prod/items`,
    2,
    /^vpce-0123456789abcdef0-abcd1234\.execute-api\.us-east-1\.vpce\.amazonaws\.com is an endpoint-specific name/,
    /--api-id/,
  ),
  url(
    'custom domain without a region',
    'https://api.internal.example.com/orders',
    2,
    /^cannot tell the signing region for api\.internal\.example\.com/,
    /AWS_REGION/,
  ),

  // ── -H, -X ──────────────────────────────────────────────────────────────────────────
  {
    name: 'call -H: no colon',
    args: dry('-H', 'Accept application/json'),
    code: 2,
    error: /^-H "Accept application\/json": a header needs a colon/,
    hint: /-H "Name: value"/,
  },
  {
    name: 'call -H: name;junk',
    args: dry('-H', 'X-A;b'),
    code: 2,
    error: /^-H "X-A;b": a header needs a colon/,
  },
  {
    name: 'call -H: space in the name',
    args: dry('-H', 'Bad Name: x'),
    code: 2,
    error: /^-H "Bad Name: x": "Bad Name" is not a valid header name/,
  },
  {
    name: 'call -H: empty name',
    args: dry('-H', ': x'),
    code: 2,
    error: /^-H ": x": "" is not a valid header name/,
  },
  {
    name: 'call -H: non-ASCII name',
    args: dry('-H', 'Ünïcode: x'),
    code: 2,
    error: /^-H "Ünïcode: x": "Ünïcode" is not a valid header name/,
  },
  {
    name: 'call -H: CR LF in the value (header injection)',
    args: dry('-H', 'X-A: a\r\nX-Injected: 1'),
    code: 2,
    error: /^-H "X-A: a\\r\\nX-Injected: 1": header values cannot contain line breaks/,
  },
  {
    name: 'call -H: ESC in the value',
    args: dry('-H', 'X-A: a\u001b[2Jb'),
    code: 2,
    error: /^-H "X-A: a\\u001b\[2Jb": header values cannot contain control characters/,
  },
  {
    name: 'call -H: a value beyond Latin-1',
    args: call('-H', 'X-A: 5 €'),
    gw: true,
    code: 2,
    error: /^-H "X-A: 5 €": header values cannot contain control characters or characters beyond Latin-1/,
    hint: /percent-encode/,
  },
  {
    name: 'sign -H: no colon',
    args: ['sign', U, '-H', 'nocolon', '--format', 'curl'],
    code: 2,
    error: /^-H "nocolon": a header needs a colon/,
  },
  {
    name: 'call -X: a space in the method',
    args: dry('-X', 'G T'),
    code: 2,
    error: /^-X "G T" is not an HTTP method/,
    hint: /-X POST/,
  },
  {
    name: 'call -X: a path instead of a method',
    args: dry('-X', 'GET /x'),
    code: 2,
    error: /^-X "GET \/x" is not an HTTP method/,
  },
  { name: 'call -X: empty', args: dry('-X', ''), code: 2, error: /^-X "" is not an HTTP method/ },

  // ── bodies ──────────────────────────────────────────────────────────────────────────
  {
    name: 'call -d @missing-file',
    args: dry('-d', '@{dir}/missing.json'),
    code: 26,
    error: /^cannot read data file \S+\/missing\.json: no such file/,
  },
  {
    name: 'call --data-binary @missing-file',
    args: dry('--data-binary', '@{dir}/missing.bin'),
    code: 26,
    error: /^cannot read data file \S+\/missing\.bin: no such file/,
  },
  {
    name: 'call --json @missing-file',
    args: dry('--json', '@{dir}/missing.json'),
    code: 26,
    error: /^cannot read data file \S+missing\.json: no such file/,
  },
  {
    name: 'call -d @directory',
    args: dry('-d', '@{dir}'),
    code: 26,
    error: /^cannot read data file \S+: is a directory/,
  },
  {
    name: 'call --data-binary @/ (the root directory)',
    args: dry('--data-binary', '@/'),
    code: 26,
    error: /^cannot read data file \/: is a directory/,
  },
  {
    name: 'call -d @ with no file name',
    args: dry('-d', '@'),
    code: 26,
    error: /^cannot read data file: no file name given/,
    hint: /@- for stdin/,
  },
  {
    name: 'call -d @unreadable (chmod 000)',
    args: dry('-d', '@{dir}/unreadable.json'),
    code: 26,
    error: /^cannot read data file \S+unreadable\.json: permission denied/,
    skip: f => f.unreadableSkip,
  },
  {
    name: 'call --data-raw @file is literal (no file read)',
    args: dry('--data-raw', '@{dir}/missing.json'),
    code: 0,
    stdout: /\nContent-Length: \d+\n/,
  },
  {
    name: 'call -d @- with empty stdin sends an empty POST',
    args: dry('-d', '@-'),
    stdin: '',
    code: 0,
    stdout: /^POST https:/m,
  },

  // ── certificates and keys ───────────────────────────────────────────────────────────
  {
    name: 'call --cacert missing',
    args: dry('--cacert', '{dir}/missing.pem'),
    code: 26,
    error: /^cannot read CA bundle \S+missing\.pem: no such file/,
  },
  {
    name: 'call --cacert directory',
    args: dry('--cacert', '{dir}'),
    code: 26,
    error: /^cannot read CA bundle \S+: is a directory/,
  },
  {
    name: 'call --cacert not PEM',
    args: dry('--cacert', '{dir}/not-pem.txt'),
    code: 77,
    error: /^--cacert \S+not-pem\.txt: no PEM certificate in it/,
    hint: /BEGIN CERTIFICATE/,
  },
  {
    name: 'call --cacert DER',
    args: dry('--cacert', '{dir}/ca.der'),
    code: 77,
    error: /^--cacert \S+ca\.der: no PEM certificate in it/,
    hint: /openssl x509 -inform der/,
  },
  {
    name: 'call --cacert a private key',
    args: dry('--cacert', '{dir}/client.key'),
    code: 77,
    error: /^--cacert \S+client\.key: no PEM certificate in it/,
  },
  {
    name: 'call --cacert a good CA bundle is accepted',
    args: dry('--cacert', '{dir}/ca.pem'),
    code: 0,
    stdout: /^GET https:/m,
  },
  {
    name: 'call --cacert PEM armour around garbage',
    args: dry('--cacert', '{dir}/garbage-cert.pem'),
    code: 77,
    error: /^--cacert \S+garbage-cert\.pem: certificate #1 is unusable/,
    hint: /export the CA again/,
  },
  {
    name: 'call --cacert unreadable (chmod 000)',
    args: dry('--cacert', '{dir}/unreadable.json'),
    code: 26,
    error: /^cannot read CA bundle \S+: permission denied/,
    skip: f => f.unreadableSkip,
  },
  {
    name: 'call --cert missing',
    args: dry('--cert', '{dir}/missing.pem'),
    code: 26,
    error: /^cannot read client certificate \S+missing\.pem: no such file/,
  },
  {
    name: 'call --cert not PEM',
    args: dry('--cert', '{dir}/not-pem.txt'),
    code: 58,
    error: /^--cert \S+not-pem\.txt: not a PEM certificate/,
    hint: /BEGIN CERTIFICATE/,
  },
  {
    name: 'call --cert without a key',
    args: dry('--cert', '{dir}/client.pem'),
    code: 58,
    error: /^--cert \S+client\.pem holds no private key/,
    hint: /add --key FILE/,
  },
  {
    name: 'call --key missing',
    args: dry('--cert', '{dir}/client.pem', '--key', '{dir}/missing.key'),
    code: 26,
    error: /^cannot read client key \S+missing\.key: no such file/,
  },
  {
    name: 'call --key not PEM',
    args: dry('--cert', '{dir}/client.pem', '--key', '{dir}/not-pem.txt'),
    code: 58,
    error: /^--key \S+not-pem\.txt: not a PEM private key/,
    hint: /BEGIN PRIVATE KEY/,
  },
  {
    name: 'call --key that does not match --cert',
    args: dry('--cert', '{dir}/client.pem', '--key', '{dir}/other.key'),
    code: 58,
    error: /^--key \S+other\.key does not match the certificate in --cert \S+client\.pem/,
    hint: /the private key that belongs to this certificate/,
  },
  {
    name: 'call --cert PEM armour around garbage',
    args: dry('--cert', '{dir}/garbage-cert.pem', '--key', '{dir}/client.key'),
    code: 58,
    error: /^--cert\/--key unusable/,
  },
  {
    name: 'call --cert a directory',
    args: dry('--cert', '{dir}'),
    code: 26,
    error: /^cannot read client certificate \S+: is a directory/,
  },

  // ── numbers and durations ───────────────────────────────────────────────────────────
  ...(
    [
      ['--connect-timeout', '0'],
      ['--connect-timeout', '-1'],
      ['--connect-timeout', 'soon'],
      ['--connect-timeout', 'Infinity'],
      ['--connect-timeout', '86401'],
      ['-m', '0'],
      ['-m', 'NaN'],
      ['-m', '1e9'],
      ['--retry-delay', '601'],
      ['--retry-delay', '-2'],
    ] as const
  ).map(
    ([flag, v]): BadInputCase => ({
      name: `call ${flag} ${v}`,
      args: dry(flag, v),
      code: 2,
      error: new RegExp(
        `^${flag === '-m' ? '-m/--max-time' : flag} ${v.replace('+', '\\+')}: expected a number of seconds between 0 and \\d+`,
      ),
    }),
  ),
  ...(['-1', '1.5', '101', 'many'] as const).map(
    (v): BadInputCase => ({
      name: `call --retry ${v}`,
      args: dry('--retry', v),
      code: 2,
      error: new RegExp(`^--retry ${v.replace('.', '\\.')}: expected a whole number from 0 to 100`),
    }),
  ),
  {
    name: 'call --duration-seconds below 900',
    args: dry('--role-arn', ROLE_A, '--duration-seconds', '60'),
    code: 2,
    error: /^--duration-seconds 60: STS accepts 900 to 43200/,
  },
  {
    name: 'call --duration-seconds above 43200',
    args: dry('--role-arn', ROLE_A, '--duration-seconds', '43201'),
    code: 2,
    error: /^--duration-seconds 43201: expected a whole number from 0 to 43200/,
  },
  {
    name: 'call --duration-seconds over an hour on a chain',
    args: dry('--role-arn', ROLE_A, '--role-arn', ROLE_B, '--duration-seconds', '7200'),
    code: 2,
    error: /^--duration-seconds 7200: role chaining limits sessions to 3600 seconds/,
  },
  {
    name: 'call --duration-seconds fractional',
    args: dry('--role-arn', ROLE_A, '--duration-seconds', '900.5'),
    code: 2,
    error: /^--duration-seconds 900\.5: expected a whole number/,
  },
  {
    name: 'whoami --duration-seconds not a number',
    args: ['whoami', '--role-arn', ROLE_A, '--duration-seconds', '1h'],
    code: 2,
    error: /^--duration-seconds 1h: expected a whole number/,
  },

  // ── ARNs, role chains, MFA ──────────────────────────────────────────────────────────
  ...(
    [
      ['not an ARN', 'invoker'],
      ['short account id', 'arn:aws:iam::1111:role/x'],
      ['a user, not a role', 'arn:aws:iam::111111111111:user/alice'],
      ['a session ARN', 'arn:aws:sts::111111111111:assumed-role/app/s1'],
      ['empty role name', 'arn:aws:iam::111111111111:role/'],
      ['space in the name', 'arn:aws:iam::111111111111:role/my role'],
      ['unknown partition', 'arn:aws-mars:iam::111111111111:role/x'],
      ['region in an IAM ARN', 'arn:aws:iam:us-east-1:111111111111:role/x'],
    ] as const
  ).map(
    ([what, arn]): BadInputCase => ({
      name: `call --role-arn ${what}`,
      args: dry('--role-arn', arn),
      code: 2,
      error: new RegExp(`^--role-arn ${escape(arn)}: not an IAM role ARN`),
      hint: /arn:aws:iam::123456789012:role\/NAME/,
    }),
  ),
  {
    name: 'call role chain that loops (A, A)',
    args: dry('--role-arn', ROLE_A, '--role-arn', ROLE_A),
    code: 2,
    error: /^--role-arn arn:aws:iam::111111111111:role\/jump appears twice: the role chain loops/,
    hint: /list each role once/,
  },
  {
    name: 'call role chain that loops (A, B, A)',
    args: dry('--role-arn', ROLE_A, '--role-arn', ROLE_B, '--role-arn', ROLE_A),
    code: 2,
    error: /^--role-arn arn:aws:iam::111111111111:role\/jump appears twice/,
  },
  {
    name: 'whoami role chain that loops',
    args: ['whoami', '--role-arn', ROLE_B, '--role-arn', ROLE_B],
    code: 2,
    error: /appears twice: the role chain loops/,
  },
  {
    name: 'sign --role-arn not an ARN',
    args: ['sign', U, '--role-arn', 'role/x'],
    code: 2,
    error: /^--role-arn role\/x: not an IAM role ARN/,
  },
  {
    name: 'whoami --role-arn not an ARN',
    args: ['whoami', '--role-arn', 'arn:aws:iam::111111111111:group/x'],
    code: 2,
    error: /^--role-arn arn:aws:iam::111111111111:group\/x: not an IAM role ARN/,
  },
  {
    name: 'call --mfa-serial not an MFA ARN',
    args: dry('--role-arn', ROLE_A, '--mfa-serial', 'alice-phone'),
    code: 2,
    error: /^--mfa-serial alice-phone: expected an MFA device ARN/,
  },
  {
    name: 'call --mfa-code letters',
    args: dry(
      '--role-arn',
      ROLE_A,
      '--mfa-serial',
      'arn:aws:iam::111111111111:mfa/alice',
      '--mfa-code',
      '12ab56',
    ),
    code: 2,
    error: /^--mfa-code must be 6 digits/,
  },
  {
    name: 'call --mfa-code seven digits',
    args: dry(
      '--role-arn',
      ROLE_A,
      '--mfa-serial',
      'arn:aws:iam::111111111111:mfa/alice',
      '--mfa-code',
      '1234567',
    ),
    code: 2,
    error: /^--mfa-code must be 6 digits/,
  },
  {
    name: 'doctor --region that no AWS region has',
    args: [
      'doctor',
      'https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/x',
      '--region',
      'us-nowhere-1',
    ],
    code: 2,
    error: /^--region us-nowhere-1: no AWS region has this name/,
    hint: /direction/,
  },
  {
    name: 'doctor --signing-region malformed',
    args: [
      'doctor',
      'https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/x',
      '--signing-region',
      'useast1',
    ],
    code: 2,
    error: /^--signing-region useast1: not an AWS region name/,
  },
  {
    name: 'whoami MFA needed, no code, no terminal',
    args: [
      'whoami',
      '--region',
      'us-east-1',
      '--role-arn',
      ROLE_A,
      '--mfa-serial',
      'arn:aws:iam::111111111111:mfa/alice',
    ],
    code: 2,
    error: /^an MFA code is needed for arn:aws:iam::111111111111:mfa\/alice/,
    hint: /pass --mfa-code/,
  },
  {
    name: 'call --role-session-name with a space',
    args: dry('--role-arn', ROLE_A, '--role-session-name', 'incident 42'),
    code: 2,
    error: /^--role-session-name incident 42: 2-64 characters/,
  },
  {
    name: 'call --role-session-name of one character',
    args: dry('--role-arn', ROLE_A, '--role-session-name', 'x'),
    code: 2,
    error: /^--role-session-name x: 2-64 characters/,
  },
  {
    name: 'call --role-session-name of 65 characters',
    args: dry('--role-arn', ROLE_A, '--role-session-name', 'a'.repeat(65)),
    code: 2,
    error: /^--role-session-name a{65}: 2-64 characters/,
  },

  // ── regions, service, api id, host mode ─────────────────────────────────────────────
  ...(
    [
      ['mars-1', /not an AWS region name/],
      ['US-EAST-1', /not an AWS region name/],
      ['us-east-1a', /not an AWS region name/],
      ['us_east_1', /not an AWS region name/],
      ['us-nowhere-9', /no AWS region has this name/],
      ['eu-wset-1', /no AWS region has this name/],
    ] as const
  ).map(
    ([region, what]): BadInputCase => ({
      name: `call --region ${region}`,
      args: dry('--region', region),
      code: 2,
      error: new RegExp(`^--region ${region}: ${what.source}`),
      hint: /us-east-1/,
    }),
  ),
  {
    name: 'sign --region that does not exist',
    args: ['sign', U, '--region', 'xx-middle-1'],
    code: 2,
    error: /^--region xx-middle-1: no AWS region has this name/,
  },
  {
    name: 'whoami --region not a region',
    args: ['whoami', '--region', 'global'],
    code: 2,
    error: /^--region global: not an AWS region name/,
    hint: /us-east-1/,
  },
  {
    name: 'whoami --region that does not exist',
    args: ['whoami', '--region', 'us-nowhere-1'],
    code: 2,
    error: /^--region us-nowhere-1: no AWS region has this name/,
  },
  {
    name: 'call --region us-gov-west-1 is accepted',
    args: dry('--region', 'us-gov-west-1'),
    code: 0,
    stdout: /\/us-gov-west-1\/execute-api\/aws4_request/,
  },
  {
    name: 'call --service with a space',
    args: dry('--service', 'execute api'),
    code: 2,
    error: /^--service execute api: not a SigV4 service name/,
    hint: /execute-api/,
  },
  {
    name: 'call --service in capitals',
    args: dry('--service', 'EXECUTE-API'),
    code: 2,
    error: /^--service EXECUTE-API: not a SigV4 service name/,
  },
  {
    name: 'call --api-id upper case',
    args: dry('--api-id', 'ABC1234567'),
    code: 2,
    error: /^--api-id ABC1234567: REST API ids are 10 lower-case letters and digits/,
    hint: /get-rest-apis/,
  },
  {
    name: 'call --api-id too short',
    args: dry('--api-id', 'abc123'),
    code: 2,
    error: /^--api-id abc123: REST API ids are 10/,
  },
  {
    name: 'call --api-id too long',
    args: dry('--api-id', 'abc12345678'),
    code: 2,
    error: /^--api-id abc12345678: REST API ids are 10/,
  },
  {
    name: 'call --host-mode sni',
    args: dry('--host-mode', 'sni'),
    code: 2,
    error: /^--host-mode sni: expected header or host/,
    hint: /x-apigw-api-id/,
  },

  // ── --vpce ──────────────────────────────────────────────────────────────────────────
  ...(
    [
      ['too short', 'vpce-123'],
      ['16 hex digits', 'vpce-0123456789abcdef'],
      ['not hex', 'vpce-0123456789abcdefg'],
      ['18 hex digits', 'vpce-0123456789abcdef01'],
      [
        'an endpoint name of another service',
        'vpce-0123456789abcdef0-abcd1234.s3.us-east-1.vpce.amazonaws.com',
      ],
    ] as const
  ).map(
    ([what, v]): BadInputCase => ({
      name: `call --vpce ${what}`,
      args: dry('--vpce', v),
      code: 2,
      error: new RegExp(`^--vpce ${escape(v)}: not a VPC endpoint id \\(vpce- \\+ 8 or 17 hex digits\\)`),
      hint: /--vpce vpce-0123456789abcdef0/,
    }),
  ),
  {
    name: 'call --vpce with a space',
    args: dry('--vpce', 'my endpoint'),
    code: 2,
    error: /^--vpce my endpoint: not a VPC endpoint id or DNS name/,
  },
  {
    name: 'call --vpce empty',
    args: dry('--vpce', ''),
    code: 2,
    error: /^--vpce : not a VPC endpoint id or DNS name/,
  },
  {
    name: 'call --vpce by name needs no lookup',
    args: dry('--vpce', VPCE_HOST),
    code: 0,
    stdout: /# connect vpce-0123456789abcdef0-abcd1234\.execute-api\.us-east-1\.vpce\.amazonaws\.com:443/,
  },

  // ── --resolve, --connect-to, --dns-servers ──────────────────────────────────────────
  ...(
    [
      ['no colons', 'example.com', /wrong format/],
      ['two fields', `${HOST}:443`, /wrong format/],
      ['empty host', ':443:10.0.0.1', /wrong format/],
      ['empty address', `${HOST}:443:`, /wrong format/],
      ['port 0', `${HOST}:0:10.0.0.1`, /"0" is not a port number \(1-65535\)/],
      ['port 70000', `${HOST}:70000:10.0.0.1`, /"70000" is not a port number/],
      ['port that is a word', `${HOST}:https:10.0.0.1`, /"https" is not a port number/],
      ['address that is a name', `${HOST}:443:localhost`, /"localhost" is not an IP address/],
      ['address out of range', `${HOST}:443:999.1.1.1`, /"999\.1\.1\.1" is not an IP address/],
      ['unterminated IPv6 address', `${HOST}:443:[::1`, /"\[::1" is not an IP address/],
      ['trailing comma', `${HOST}:443:10.0.0.1,`, /"" is not an IP address/],
    ] as const
  ).map(
    ([what, spec, why]): BadInputCase => ({
      name: `call --resolve ${what}`,
      args: dry('--resolve', spec),
      code: 2,
      error: new RegExp(`^--resolve ${escape(spec)}: ${why.source}`),
    }),
  ),
  ...(
    [
      ['two fields', 'a:b', /wrong format/],
      ['five fields', 'a:1:b:2:c', /wrong format/],
      ['from-port 70000', `${HOST}:70000:127.0.0.1:443`, /"70000" is not a port number/],
      ['to-port a word', `${HOST}:443:127.0.0.1:x`, /"x" is not a port number/],
      ['to-port 0', `${HOST}:443:127.0.0.1:0`, /"0" is not a port number/],
    ] as const
  ).map(
    ([what, spec, why]): BadInputCase => ({
      name: `call --connect-to ${what}`,
      args: dry('--connect-to', spec),
      code: 2,
      error: new RegExp(`^--connect-to ${escape(spec)}: ${why.source}`),
      ...(/format/.test(why.source) ? { hint: /HOST1:PORT1:HOST2:PORT2/ } : {}),
    }),
  ),
  {
    name: 'sign --resolve wrong format',
    args: ['sign', U, '--resolve', 'nope'],
    code: 2,
    error: /^--resolve nope: wrong format/,
    hint: /HOST:PORT:ADDRESS/,
  },
  {
    name: 'call --dns-servers a name',
    args: dry('--dns-servers', 'dns.example.com'),
    code: 2,
    error: /^--dns-servers: "dns\.example\.com" is not an IP address with an optional port/,
    hint: /--dns-servers 10\.0\.0\.2/,
  },
  {
    name: 'call --dns-servers port 99999',
    args: dry('--dns-servers', '10.0.0.2:99999'),
    code: 2,
    error: /^--dns-servers: "10\.0\.0\.2:99999" is not an IP address/,
  },
  {
    name: 'call --dns-servers empty item',
    args: dry('--dns-servers', '10.0.0.2,,10.0.0.3'),
    code: 2,
    error: /^--dns-servers: "" is not an IP address/,
  },

  // ── output ──────────────────────────────────────────────────────────────────────────
  {
    name: 'call -o into a folder that does not exist',
    args: call('-o', '{dir}/no/such/folder/out.json'),
    gw: true,
    code: 23,
    error: /^could not write \S+\/no\/such\/folder\/out\.json: no such directory/,
    hint: /folder exists/,
  },
  {
    name: 'call -o naming a directory leaves no temporary file',
    args: call('-o', '{dir}/outdir'),
    gw: true,
    code: 23,
    error: /^could not write \S+\/outdir: is a directory/,
    check: (_r, f) => expectNoTemporaryFiles(f.dir),
  },

  // ── credentials ─────────────────────────────────────────────────────────────────────
  {
    name: 'call with no credentials anywhere',
    args: call(),
    env: 'bare',
    code: 4,
    error: /^no AWS credentials found/,
    hint: /--profile|AWS_ACCESS_KEY_ID/,
  },
  {
    name: 'call --profile that does not exist',
    args: call('--profile', 'nosuch'),
    env: 'bare',
    code: 4,
    error: /^profile nosuch is not in /,
    hint: /aws configure list-profiles/,
  },
  {
    name: 'sign with no credentials',
    args: ['sign', U],
    env: 'bare',
    code: 4,
    error: /^no AWS credentials found/,
  },
  {
    name: 'whoami with STS unreachable',
    args: ['whoami', '--region', 'us-east-1'],
    code: 4,
    error: /^sts:GetCallerIdentity: STS in us-east-1 is unreachable/,
    hint: /STS interface endpoint/,
  },

  // ── policy eval ─────────────────────────────────────────────────────────────────────
  ...(
    [
      ['truncated JSON', 'trunc.json', /not valid JSON: unterminated string at line 1, column 61/],
      ['an array', 'array.json', /expected a policy object with Version and Statement, got an array/],
      ['a number', 'number.json', /expected a policy object with Version and Statement, got a number/],
      ['null', 'null.json', /expected a policy object with Version and Statement, got null/],
      ['an empty file', 'empty.json', /the policy text is empty/],
      ['binary garbage', 'binary.json', /not valid JSON: unexpected character/],
      [
        'Effect of the wrong type',
        'effect-number.json',
        /Statement\.Effect: Effect must be "Allow" or "Deny", got 1/,
      ],
      ['Statement of the wrong type', 'statement-string.json', /Statement/],
      ['Condition block of the wrong type', 'condition-string.json', /Statement\[0\]\.Condition/],
      ['duplicate keys', 'duplicate-key.json', /duplicate key "Sid"/],
      ['nesting 100 000 levels deep', 'deep.json', /nested more than 256 levels deep/],
      ['trailing garbage', 'trailing.json', /unexpected text after the JSON value/],
    ] as const
  ).map(
    ([what, file, why]): BadInputCase => ({
      name: `policy eval --resource-policy ${what}`,
      args: [...EVAL, '--resource-policy', `{dir}/${file}`],
      code: 2,
      error: new RegExp(`^resource policy \\S+${escape(file)}: .*${why.source}`),
      hint: /pvapi policy lint FILE/,
    }),
  ),
  {
    name: 'policy eval --endpoint-policy missing',
    args: [...EVAL, '--endpoint-policy', '{dir}/missing.json'],
    code: 26,
    error: /^cannot read endpoint policy \S+missing\.json: no such file/,
  },
  {
    name: 'policy eval --identity-policy a directory',
    args: [...EVAL, '--identity-policy', '{dir}'],
    code: 26,
    error: /^cannot read identity policy \S+: is a directory/,
  },
  {
    name: 'policy eval --scp truncated',
    args: [...EVAL, '--scp', '{dir}/trunc.json'],
    code: 2,
    error: /^SCP #1 \S+trunc\.json: not valid JSON/,
  },
  {
    name: 'policy eval --boundary an array',
    args: [...EVAL, '--boundary', '{dir}/array.json'],
    code: 2,
    error: /^permissions boundary \S+array\.json: expected a policy object/,
  },
  {
    name: 'policy eval --authorizer-policy wrong types',
    args: [...EVAL, '--authorizer-policy', '{dir}/effect-number.json'],
    code: 2,
    error: /^authorizer policy \S+effect-number\.json: Statement\.Effect/,
  },
  {
    name: 'policy eval --resource-policy - with truncated stdin',
    args: [...EVAL, '--resource-policy', '-'],
    stdin: '{"Version":"2012-10-17","Statement":[{"Eff',
    code: 2,
    error: /^resource policy \(stdin\): not valid JSON: unterminated string/,
  },
  {
    name: 'policy eval --resource-policy unreadable (chmod 000)',
    args: [...EVAL, '--resource-policy', '{dir}/unreadable.json'],
    code: 26,
    error: /^cannot read resource policy \S+unreadable\.json: permission denied/,
    skip: f => f.unreadableSkip,
  },
  {
    name: 'policy eval --resource not an ARN',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--resource', 'items'],
    code: 2,
    error: /^--resource items: not an execute-api method ARN/,
    hint: /arn:aws:execute-api:REGION:ACCOUNT:API_ID\/STAGE\/METHOD\/PATH/,
  },
  {
    name: 'policy eval --resource an S3 ARN',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--resource', 'arn:aws:s3:::bucket/key'],
    code: 2,
    error: /^--resource arn:aws:s3:::bucket\/key: not an execute-api method ARN/,
  },
  {
    name: 'policy eval --resource without stage and method',
    args: [
      'policy',
      'eval',
      '--principal',
      PRINCIPAL,
      '--resource',
      `arn:aws:execute-api:us-east-1:111111111111:${API}`,
    ],
    code: 2,
    error: /: not an execute-api method ARN/,
  },
  {
    name: 'policy eval --principal empty',
    args: ['policy', 'eval', '--principal', '', '--resource', METHOD_ARN],
    code: 2,
    error: /^--principal is empty/,
    hint: /anonymous/,
  },
  {
    name: 'policy eval --principal not a principal',
    args: ['policy', 'eval', '--principal', 'alice', '--resource', METHOD_ARN],
    code: 2,
    error: /^principal: "alice" is not a principal/,
  },
  {
    name: 'policy eval --url of a custom domain',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--url', 'https://api.example.com/orders'],
    code: 2,
    error: /^--url https:\/\/api\.example\.com\/orders: not an execute-api invoke URL with a stage/,
    hint: /--resource/,
  },
  {
    name: 'policy eval --url without a stage',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--url', `https://${HOST}/`],
    code: 2,
    error: /not an execute-api invoke URL with a stage/,
  },
  {
    name: 'policy eval --url with an anonymous caller and no account',
    args: ['policy', 'eval', '--principal', 'anonymous', '--url', U],
    code: 2,
    error: /^the invoke URL does not carry the API account/,
    hint: /--api-account/,
  },
  {
    name: 'policy eval --api-account not 12 digits',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--url', U, '--api-account', '1234'],
    code: 2,
    error: /^--api-account 1234: expected a 12-digit account id/,
  },
  {
    name: 'policy eval --method with a space',
    args: ['policy', 'eval', '--principal', PRINCIPAL, '--url', U, '--method', 'G T'],
    code: 2,
    error: /^--method G T: expected an HTTP method/,
  },
  {
    name: 'policy eval --action without a service',
    args: [...EVAL, '--action', 'Invoke'],
    code: 2,
    error: /^--action Invoke: expected service:Action/,
  },
  {
    name: 'policy eval --context without =',
    args: [...EVAL, '--context', 'aws:SourceVpce'],
    code: 2,
    error: /^--context aws:SourceVpce: expected key=value/,
  },
  {
    name: 'policy eval --context with an empty key',
    args: [...EVAL, '--context', '=vpce-1'],
    code: 2,
    error: /^--context =vpce-1: expected key=value/,
  },
  {
    name: 'policy eval --authorization-type unknown',
    args: [...EVAL, '--authorization-type', 'JWT'],
    code: 2,
    error: /^--authorization-type JWT: expected AWS_IAM, NONE, CUSTOM, COGNITO_USER_POOLS/,
  },
  {
    name: 'policy eval --authorization-header unknown',
    args: [...EVAL, '--authorization-header', 'bearer'],
    code: 2,
    error: /^--authorization-header bearer: expected none, sigv4, invalid-sigv4, other/,
  },
  {
    name: 'policy eval SigV4 header with an anonymous caller',
    args: [
      'policy',
      'eval',
      '--principal',
      'anonymous',
      '--resource',
      METHOD_ARN,
      '--authorization-header',
      'sigv4',
    ],
    code: 2,
    error: /^authorizationHeader: a valid SigV4 header needs a signing principal/,
  },
  // A well-formed request that is denied is a result, not an error: exit 1 and the reason on stdout.
  {
    name: 'policy eval: a denied request exits 1 with the reason (a result)',
    args: [...EVAL, '--resource-policy', '{dir}/deny-all.json'],
    code: 1,
    stdout: /^DENY \(explicit deny\)/,
  },

  // ── policy lint ─────────────────────────────────────────────────────────────────────
  {
    name: 'policy lint a missing file',
    args: ['policy', 'lint', '{dir}/missing.json'],
    code: 26,
    error: /^cannot read policy \S+missing\.json: no such file/,
  },
  {
    name: 'policy lint a directory',
    args: ['policy', 'lint', '{dir}'],
    code: 26,
    error: /^cannot read policy \S+: is a directory/,
  },
  // Lint reports a broken document as an error finding (exit 1), which is its job.
  {
    name: 'policy lint truncated JSON (finding, exit 1)',
    args: ['policy', 'lint', '{dir}/trunc.json'],
    code: 1,
    stdout: /^error\s+invalid-json not valid JSON: unterminated string/m,
  },
  {
    name: 'policy lint an empty file (finding, exit 1)',
    args: ['policy', 'lint', '{dir}/empty.json'],
    code: 1,
    stdout: /invalid-json the policy text is empty/,
  },
  {
    name: 'policy lint nesting 100 000 levels deep (finding, exit 1)',
    args: ['policy', 'lint', '{dir}/deep.json'],
    code: 1,
    stdout: /nested more than 256 levels deep/,
  },
  {
    name: 'policy lint binary stdin (finding, exit 1)',
    args: ['policy', 'lint', '-'],
    stdin: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x01]),
    code: 1,
    stdout: /invalid-json/,
  },
  {
    name: 'policy lint --kind unknown',
    args: ['policy', 'lint', '{dir}/ok.json', '--kind', 'bucket'],
    code: 2,
    error: /^--kind bucket: expected resource, endpoint, identity, boundary, scp, authorizer/,
  },
  {
    name: 'policy lint --api not an execute-api ARN',
    args: ['policy', 'lint', '{dir}/ok.json', '--api', 'arn:aws:s3:::b'],
    code: 2,
    error: /^--api arn:aws:s3:::b: expected arn:aws:execute-api:REGION:ACCOUNT:API_ID/,
  },

  // ── policy scaffold ─────────────────────────────────────────────────────────────────
  {
    name: 'policy scaffold: no --route',
    args: [...SCAFFOLD],
    code: 2,
    error: /^at least one --route is needed/,
    hint: /--route GET:\/items/,
  },
  {
    name: 'policy scaffold --route without a method',
    args: [...SCAFFOLD, '--route', '/items'],
    code: 2,
    error: /^route "\/items" is not METHOD:\/path/,
  },
  {
    name: 'policy scaffold --route unknown method',
    args: [...SCAFFOLD, '--route', 'FETCH:/items'],
    code: 2,
    error: /^route "FETCH:\/items" is not METHOD:\/path/,
  },
  {
    name: 'policy scaffold --caller-role a user',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      'arn:aws:iam::111111111111:user/alice',
      '--api',
      METHOD_ARN,
      '--vpce',
      'vpce-0123456789abcdef0',
      '--route',
      'GET:/x',
    ],
    code: 2,
    error: /^"arn:aws:iam::111111111111:user\/alice" is not an IAM role ARN/,
  },
  {
    name: 'policy scaffold --api not an API',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      PRINCIPAL,
      '--api',
      'https://example.com/x',
      '--vpce',
      'vpce-0123456789abcdef0',
      '--route',
      'GET:/x',
    ],
    code: 2,
    error: /^"https:\/\/example\.com\/x" is neither an execute-api ARN nor an invoke URL/,
  },
  {
    name: 'policy scaffold --vpce not an endpoint id',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      PRINCIPAL,
      '--api',
      METHOD_ARN,
      '--vpce',
      'endpoint-1',
      '--route',
      'GET:/x',
    ],
    code: 2,
    error: /^"endpoint-1" is not a VPC endpoint id/,
  },
  {
    name: 'policy scaffold --caller-sg with shell syntax',
    args: [...SCAFFOLD, '--route', 'GET:/x', '--caller-sg', 'sg-1"; rm -rf ~; "'],
    code: 2,
    error: /^--caller-sg sg-1"; rm -rf ~; ": expected a security group id/,
  },
  {
    name: 'policy scaffold --endpoint-sg not an id',
    args: [...SCAFFOLD, '--route', 'GET:/x', '--endpoint-sg', 'default'],
    code: 2,
    error: /^--endpoint-sg default: expected a security group id/,
  },
  {
    name: 'policy scaffold --api-account not 12 digits',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      PRINCIPAL,
      '--api',
      U,
      '--vpce',
      'vpce-0123456789abcdef0',
      '--route',
      'GET:/x',
      '--api-account',
      '12',
    ],
    code: 2,
    error: /^--api-account 12: expected a 12-digit account id/,
  },
  {
    name: 'policy scaffold --stage with a slash',
    args: [...SCAFFOLD, '--route', 'GET:/x', '--stage', 'prod/v2'],
    code: 2,
    error: /^--stage prod\/v2: expected a stage name/,
  },
  {
    name: 'policy scaffold --api ARN with shell syntax as the region',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      PRINCIPAL,
      '--api',
      `arn:aws:execute-api:us-east-1;id:111111111111:${API}/prod`,
      '--vpce',
      'vpce-0123456789abcdef0',
      '--route',
      'GET:/x',
    ],
    code: 2,
    error: /^--api \S+: "us-east-1;id" is not a region name/,
  },
  {
    name: 'policy scaffold --api ARN with a short account',
    args: [
      'policy',
      'scaffold',
      '--caller-role',
      PRINCIPAL,
      '--api',
      `arn:aws:execute-api:us-east-1:1111:${API}/prod`,
      '--vpce',
      'vpce-0123456789abcdef0',
      '--route',
      'GET:/x',
    ],
    code: 2,
    error: /^--api \S+: "1111" is not a 12-digit account id/,
  },
]

/** Regex-escape a literal. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function expectNot(text: string, re: RegExp): void {
  if (re.test(text)) throw new Error(`did not expect ${re} in:\n${text}`)
}

function expectNoTemporaryFiles(dir: string): void {
  const left = readdirSync(dir).filter(f => f.includes('.pvapi-') && f.endsWith('.tmp'))
  if (left.length > 0) throw new Error(`temporary output files left behind: ${left.join(', ')}`)
}
