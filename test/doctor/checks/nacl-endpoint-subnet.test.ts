/** nacl.endpoint-subnet: its findings name the endpoint side (the verdict is shared: nacl-verdict.ts). */
import { describe, expect, it } from 'vitest'
import { naclEndpointSubnet as check } from '../../../src/doctor/checks/nacl-endpoint-subnet.js'
import { NACL_STRICT, SUBNET_EP_A, SUBNET_EP_B, denied, healthy, naclEntry, setNacl } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

describe('nacl.endpoint-subnet: the side it names', () => {
  it('443 in denied: fail naming an endpoint subnet ACL', () => {
    const s = setNacl(healthy(), [SUBNET_EP_A, SUBNET_EP_B], [naclEntry(100, true, 'allow')])
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: [NACL_STRICT, 'inbound'], resource: NACL_STRICT })
    expect(f.summary).toMatch(/^an endpoint subnet's network ACL drops/)
  })
  it("an endpoint subnet's ACL unreadable: unknown naming the endpoint subnets", () => {
    const s = healthy()
    s.network.nacls[SUBNET_EP_B] = denied('ec2:DescribeNetworkAcls')
    expect(runCheck(check, s).summary).toMatch(/^could not check the endpoint subnets' NACLs: /)
  })
})
