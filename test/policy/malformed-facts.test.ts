/**
 * Malformed ARNs are looked for in the values of the four ARN condition operators only
 * (issue 18 survivor): each one reports the element path with the operator and key.
 */
import { describe, expect, it } from 'vitest'
import { evaluatePolicy } from '../../src/policy/index.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'

function malformedFor(operator: string): readonly string[] | undefined {
  return evaluatePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { [operator]: { 'aws:SourceArn': 'arn:aws:s3' } },
        },
      ],
    },
    { resource: RESOURCE },
  ).malformed
}

describe('malformed ARNs in conditions', () => {
  it.each(['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'])('%s values are checked as ARNs', op => {
    const m = malformedFor(op)
    expect(m).toHaveLength(1)
    expect(m?.[0]).toContain(`Statement[0].Condition.${op}.aws:SourceArn`)
    expect(m?.[0]).toContain('"arn:aws:s3"')
  })

  it('String operators compare text: the same value is not a defect there', () => {
    expect(malformedFor('StringEquals')).toBeUndefined()
    expect(malformedFor('StringLike')).toBeUndefined()
  })
})
