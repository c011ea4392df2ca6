import type { Check } from '../finding.js'
import { naclVerdict } from '../nacl-verdict.js'

/** Hop 5: the endpoint subnets' NACLs allow 443 in from the caller and the return traffic out (row 20). */
export const naclEndpointSubnet: Check = {
  id: 'nacl.endpoint-subnet',
  hop: 5,
  title: "the endpoint subnets' network ACLs allow TCP 443 in and the ephemeral-port return traffic out",
  rows: [20],
  run(s, d) {
    return naclVerdict(s, d, {
      // Stryker disable next-line StringLiteral: naclVerdict tells the caller's side by 'caller'; anything else is this one
      side: 'endpoint',
      acl: "an endpoint subnet's network ACL",
      what: "the endpoint subnets' NACLs",
      passes: "the endpoint subnets' network ACLs allow 443 in and the return traffic out",
    })
  },
}
