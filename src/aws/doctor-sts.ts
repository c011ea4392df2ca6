import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { StsPort } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits } from './doctor-client-config.js'

/** STS GetCallerIdentity, keeping the answer's `Date` header for the clock-skew check. */
export function stsPort(region: string, credentials: AwsCredentialIdentity, limits?: DoctorLimits): StsPort {
  const client = bounded(new STSClient(clientConfig(region, credentials, limits)), limits?.signal)
  let serverDate: string | undefined
  client.middlewareStack.add(
    next => async args => {
      const result = await next(args)
      const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers
      const date = headers?.date ?? headers?.Date
      if (date && !Number.isNaN(Date.parse(date))) serverDate = new Date(date).toISOString()
      return result
    },
    { step: 'deserialize', name: 'pvapiDoctorDateHeader' },
  )
  return {
    async callerIdentity() {
      const out = await client.send(new GetCallerIdentityCommand({}))
      if (!out.Account || !out.Arn)
        throw Object.assign(new Error('GetCallerIdentity answered without Account or Arn'), {
          name: 'MalformedAnswer',
        })
      return {
        identity: { account: out.Account, arn: out.Arn, ...(out.UserId ? { userId: out.UserId } : {}) },
        ...(serverDate ? { serverDate } : {}),
      }
    },
  }
}
