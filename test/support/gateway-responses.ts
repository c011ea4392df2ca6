/**
 * API Gateway's error responses as a client sees them: status, `x-amzn-ErrorType`, JSON body.
 *
 * The body field is `"message"` for almost everything, but resource-policy denials
 * (AccessDeniedException from IAM authorization) come back as `{"Message": …}` with a capital
 * M, as the API Gateway developer guide shows (`{"Message":"User: anonymous is not authorized
 * …"}`). Some Knowledge Center pages print the same text with a lowercase key, so clients
 * must accept both; the fake sends the documented capital form.
 */

export interface GatewayError {
  readonly status: number
  readonly errorType: string
  readonly body: string
}

export function jsonMessage(message: string, field: 'message' | 'Message' = 'message'): string {
  return JSON.stringify({ [field]: message })
}

/** Through a VPC endpoint: unknown API, non-private API, missing x-apigw-api-id, … */
export const forbidden: GatewayError = {
  status: 403,
  errorType: 'ForbiddenException',
  body: jsonMessage('Forbidden'),
}

/** Unsigned request on an AWS_IAM method, or a stage/resource/method that does not exist. */
export const missingAuthenticationToken: GatewayError = {
  status: 403,
  errorType: 'MissingAuthenticationTokenException',
  body: jsonMessage('Missing Authentication Token'),
}

export function signatureError(errorType: string, message: string): GatewayError {
  return { status: 403, errorType, body: jsonMessage(message) }
}

export function accessDenied(message: string): GatewayError {
  return { status: 403, errorType: 'AccessDeniedException', body: jsonMessage(message, 'Message') }
}
