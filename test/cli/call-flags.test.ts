/**
 * `pvapi call`'s flags → settings (src/cli/call-flags.ts), without commander or a process:
 * contradicting pairs, a repeat run's settings (and the single-request flags it refuses), and
 * flags that would change nothing, refused rather than dropped.
 */
import { describe, expect, it } from 'vitest'
import { expectUsageError } from '../helpers/usage-error.js'
import {
  type CallFlags,
  callSettings,
  checkCallFlags,
  familyFlag,
  refuseRepeatOnlyFlags,
  refuseUnusedFlags,
  repeatSettings,
} from '../../src/cli/call-flags.js'
import { toRequestSettings } from '../../src/cli/request-options.js'

const URL_ = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'

const flags = (over: Partial<CallFlags> = {}): CallFlags => ({
  header: [],
  service: 'execute-api',
  resolve: [],
  connectTo: [],
  roleArn: [],
  externalId: [],
  sign: true,
  eni: [],
  ...over,
})

const base = (o: CallFlags) => toRequestSettings(URL_, o, [])

const usage = expectUsageError

describe('call flags', () => {
  it('refuses contradicting pairs', () => {
    checkCallFlags(flags({ fail: true, cert: 'c.pem', key: 'k.pem' }))
    usage(() => checkCallFlags(flags({ fail: true, failWithBody: true })), 'PV_FLAG_CONFLICT')
    usage(() => checkCallFlags(flags({ key: 'k.pem' })), 'PV_KEY_NO_CERT')
    usage(() => checkCallFlags(flags({ insecure: true, cacert: 'ca.pem' })), 'PV_FLAG_CONFLICT')
    usage(() => familyFlag(flags({ ipv4: true, ipv6: true })), 'PV_FLAG_CONFLICT')
    expect(familyFlag(flags({ ipv6: true }))).toEqual({ family: 6 })
  })

  it('one request: seconds to ms, --fail-with-body, -k on top of the TLS files', () => {
    const o = flags({ failWithBody: true, maxTime: '2.5', retry: '3', insecure: true })
    const s = callSettings(base(o), o, { ca: 'PEM' }, {})
    expect(s).toMatchObject({
      fail: 'with-body',
      maxTimeMs: 2500,
      retry: 3,
      tls: { ca: 'PEM', insecure: true },
    })
    expect(s.noSign).toBe(false)
  })

  it('repeat-only flags need --repeat', () => {
    refuseRepeatOnlyFlags(flags())
    usage(
      () => refuseRepeatOnlyFlags(flags({ perEni: true })),
      'PV_FLAG_CONFLICT',
      /^--per-eni is for --repeat$/,
    )
  })

  it('a repeat run: --eni zones, concurrency, and the single-request flags refused', () => {
    const o = flags({
      repeat: '10',
      concurrency: '4',
      perEni: true,
      eni: ['10.0.2.10=us-east-1a', '10.0.3.10=use1-az2'],
    })
    const s = repeatSettings(base(o), o, {}, {})
    expect(s).toMatchObject({
      repeat: 10,
      concurrency: 4,
      perEni: true,
      format: 'text',
      retry: 0,
      eniZones: { '10.0.2.10': 'us-east-1a', '10.0.3.10': 'use1-az2' },
    })
    usage(() => repeatSettings(base(o), { ...o, eni: ['10.0.2.10'] }, {}, {}), 'PV_BAD_ENI')
    usage(() => repeatSettings(base(o), { ...o, perEni: false }, {}, {}), 'PV_FLAG_CONFLICT', /--per-eni/)
    usage(
      () => repeatSettings(base(o), { ...o, output: 'x', include: true }, {}, {}),
      'PV_FLAG_CONFLICT',
      /^-o, -i are for a single request, not --repeat$/,
    )
    usage(() => repeatSettings(base(o), { ...o, repeat: '0' }, {}, {}), 'PV_BAD_NUMBER')
  })

  it('flags that would change nothing are refused', () => {
    const dry = flags({ dryRun: true, output: 'x' })
    usage(() => refuseUnusedFlags(dry, base(dry)), 'PV_FLAG_UNUSED', /^-o has no effect with --dry-run/)
    const unsigned = flags({ sign: false, roleArn: ['arn:aws:iam::111111111111:role/r'] })
    usage(() => refuseUnusedFlags(unsigned, base(unsigned)), 'PV_FLAG_UNUSED', /--role-arn is for signing/)
    const delay = flags({ retryDelay: '1' })
    usage(() => refuseUnusedFlags(delay, base(delay)), 'PV_FLAG_UNUSED', /--retry-delay needs --retry/)
    refuseUnusedFlags(flags(), base(flags()))
  })
})
