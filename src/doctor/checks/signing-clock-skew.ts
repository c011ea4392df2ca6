import { fail, pass, skipped, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

const FIVE_MIN = 5 * 60_000

/** Hop 1: the local clock is within SigV4's 5-minute window of AWS's (row 4). */
export const signingClockSkew: Check = {
  id: 'signing.clock-skew',
  hop: 1,
  title: "the local clock is within 5 minutes of AWS's (SigV4 rejects larger skew)",
  rows: [4],
  run(s) {
    const clock = s.caller.clock
    const principal = valueOf(s.caller.principal)
    if (principal?.source === 'lambda')
      return skipped('the caller is a Lambda function, whose clock AWS keeps in sync')
    if (clock.status !== 'ok') return unknownFrom("the local clock against AWS's", clock)
    const { skewMs, localTime, serverTime } = clock.value
    const abs = Math.abs(skewMs)
    // Stryker disable next-line EqualityOperator: equivalent (> or >= 0): the direction is printed only beyond 1 min of skew, never at 0
    const dir = skewMs > 0 ? 'ahead of' : 'behind'
    const evidence = [
      `local ${localTime}, AWS Date header ${serverTime} (skew ${(skewMs / 1000).toFixed(1)} s)`,
    ]
    if (abs > FIVE_MIN) {
      return fail(
        // Stryker disable next-line EqualityOperator: equivalent (> or >= 0): this branch has over 5 min of skew, never 0
        `the local clock is ${(abs / 60_000).toFixed(1)} min ${dir} AWS: API Gateway answers 403 InvalidSignatureException "Signature ${skewMs > 0 ? 'not yet current' : 'expired'}"`,
        'sync the clock (sudo chronyc makestep, or enable NTP / the Amazon Time Sync Service 169.254.169.123); pvapi call --fix-skew signs with the server clock meanwhile',
        evidence,
      )
    }
    if (abs > 60_000)
      return warn(
        `the local clock is ${(abs / 1000).toFixed(0)} s ${dir} AWS (limit 5 min)`,
        'enable NTP (chrony) before the drift reaches 5 minutes',
        evidence,
      )
    return pass(`clock within ${(abs / 1000).toFixed(1)} s of AWS`, evidence)
  },
}
