/**
 * Issue 12 E in the doctor: a resource policy copied from a design document with a malformed
 * principal (`arn:aws:iam::ACCT::role/x`, an extra ':' before `role`) is named as malformed,
 * "AWS would not have accepted this policy", not as a principal that does not match.
 */
import { describe, expect, it } from 'vitest'
import { apigwResourcePolicyAllows } from '../../src/doctor/checks/apigw-resource-policy-allows.js'
import { A, API_ARN, healthy, setResourcePolicy } from './builders.js'
import { runCheck } from './checks/run-check.js'

describe('a malformed principal in the resource policy', () => {
  it('fails naming the statement and the defect, as malformed rather than a mismatch', () => {
    const s = setResourcePolicy(healthy(), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'FromDesignDoc',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}::role/orders-caller` },
          Action: 'execute-api:Invoke',
          Resource: `${API_ARN}/*`,
        },
      ],
    })
    const f = runCheck(apigwResourcePolicyAllows, s)
    expect(f.status).toBe('fail')
    expect(f.summary).toContain('malformed')
    expect(f.summary).toContain('AWS would not have accepted this policy')
    expect(f.summary).toContain('FromDesignDoc')
    expect(f.summary).toMatch(/extra ':' before 'role'/)
  })
})
