/** `--caller-ip` takes either family (a dual-stack caller), and nothing else: exit 2 before any AWS call. */
import { describe, expect, it } from 'vitest'
import { checkIpFlag } from '../../src/cli/id-flags.js'

describe('checkIpFlag', () => {
  it.each(['10.0.1.15', '2600:1f18:aaaa:bb01::15', 'fd00::1', '::1'])('accepts %s', ip =>
    expect(() => checkIpFlag('--caller-ip', ip)).not.toThrow(),
  )
  it.each(['999.0.0.1', '2600:1f18::zz', '2600:1f18::/64', '10.0.1.0/24', 'fe80::1%eth0', 'host', ''])(
    'refuses %j with exit 2',
    ip => expect(() => checkIpFlag('--caller-ip', ip)).toThrow(expect.objectContaining({ exitCode: 2 })),
  )
})
