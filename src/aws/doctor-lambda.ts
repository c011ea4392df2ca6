import { GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda'
import type { AwsCredentialIdentity } from '@smithy/types'
import { classify } from './collect/attempt.js'
import type { LambdaPort } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits, parsePolicyText } from './doctor-client-config.js'

/** Lambda reads: a function's VPC configuration and role, and its resource policy. */
export function lambdaPort(
  region: string,
  credentials: AwsCredentialIdentity,
  limits?: DoctorLimits,
): LambdaPort {
  const client = bounded(new LambdaClient(clientConfig(region, credentials, limits)), limits?.signal)
  return {
    async functionConfiguration(FunctionName) {
      try {
        const f = await client.send(new GetFunctionConfigurationCommand({ FunctionName }))
        if (!f.FunctionArn || !f.Role) return undefined
        const vpc = f.VpcConfig
        return {
          functionName: f.FunctionName ?? FunctionName,
          functionArn: f.FunctionArn,
          roleArn: f.Role,
          ...(vpc?.VpcId ? { vpcId: vpc.VpcId } : {}),
          subnetIds: vpc?.SubnetIds ?? [],
          securityGroupIds: vpc?.SecurityGroupIds ?? [],
          ...(typeof vpc?.Ipv6AllowedForDualStack === 'boolean'
            ? { ipv6AllowedForDualStack: vpc.Ipv6AllowedForDualStack }
            : {}),
        }
      } catch (err) {
        if (classify(err) === 'not-found') return undefined
        throw err
      }
    },
    async functionPolicy(FunctionName) {
      try {
        const out = await client.send(new GetPolicyCommand({ FunctionName }))
        const p = parsePolicyText(out.Policy)
        return p && typeof p === 'object' ? p : null
      } catch (err) {
        // Lambda answers ResourceNotFoundException when the function has no resource policy.
        if (classify(err) === 'not-found') return null
        throw err
      }
    },
  }
}
