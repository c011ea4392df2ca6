/**
 * The predicted 403 names the caller the denying layer saw (issue 18 survivor): for a NONE
 * method behind a custom endpoint policy the endpoint policy sees the signer, the resource
 * policy an anonymous caller. Only the resource and identity layers' texts are documented.
 */
import { describe, expect, it } from 'vitest'
import { evaluateRequest } from '../../src/policy/index.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const allowAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
}
const denyAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
}

describe('the 403 names the caller the denying layer saw', () => {
  const run = (endpoint: typeof allowAll, resourcePolicy: typeof allowAll) =>
    evaluateRequest({
      principal: SESSION,
      resource: RESOURCE,
      authorizationType: 'NONE',
      authorizationHeader: 'sigv4',
      vpcEndpointPolicy: endpoint,
      resourcePolicy,
    })

  it('the endpoint policy denies: the message names the signer, and the text is not documented', () => {
    const r = run(denyAll, allowAll)
    expect(r.deniedBy).toBe('vpc-endpoint-policy')
    expect(r.response?.message).toContain(`User: ${SESSION} `)
    expect(r.response?.message).toContain('with an explicit deny')
    expect(r.response?.documented).toBe(false)
  })

  it('the resource policy denies: the message names the anonymous caller, and the text is documented', () => {
    const r = run(allowAll, denyAll)
    expect(r.deniedBy).toBe('resource-policy')
    expect(r.response?.message).toContain('User: anonymous ')
    expect(r.response?.message).not.toContain(SESSION)
    expect(r.response?.documented).toBe(true)
  })
})
