import { skipped, type Check } from '../finding.js'
import { naclVerdict } from '../nacl-verdict.js'
import { valueOf } from '../snapshot.js'

/** Hop 5: the caller subnet's NACL allows 443 out to the endpoint and the return traffic in (row 19). */
export const naclCallerSubnet: Check = {
  id: 'nacl.caller-subnet',
  hop: 5,
  title: "the caller subnet's network ACL allows TCP 443 out and the ephemeral-port return traffic in",
  rows: [19],
  run(s, d) {
    if (valueOf(s.network.caller)?.onPremises)
      return skipped('an on-premises caller (--caller-cidr) has no subnet: see nacl.endpoint-subnet')
    return naclVerdict(s, d, {
      side: 'caller',
      acl: "the caller subnet's network ACL",
      what: "the caller subnet's NACL",
      passes: "the caller subnet's network ACL allows 443 out and the return traffic in",
    })
  },
}
