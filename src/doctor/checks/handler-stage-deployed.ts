import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 8: the API and the stage exist, and the stage has a deployment (row 2). */
export const handlerStageDeployed: Check = {
  id: 'handler.stage-deployed',
  hop: 8,
  title: 'the API and the stage exist and the stage points at a deployment',
  rows: [2],
  run(s, d) {
    const api = s.api.restApi
    const apiId = d.apiId ?? s.target.apiId ?? '?'
    if (api.status === 'not-found' && s.api.readWith === 'api-credentials') {
      return fail(
        `API ${apiId} does not exist in ${d.apiAccount?.account ?? "the API owner's account"} (${s.target.region}): the endpoint answers 403 Forbidden`,
        [
          `# check the API id and region; the APIs of ${s.target.region}:`,
          `aws apigateway get-rest-apis --region ${s.target.region} --query 'items[].[id,name]'`,
        ].join('\n'),
        [],
        apiId,
      )
    }
    if (api.status !== 'ok') return unknownFrom(`API ${apiId}`, api, ['--api-profile/--api-role-arn'])
    if (d.route.status !== 'ok')
      return d.route.status === 'not-found'
        ? skipped('the URL maps to no stage (see domain.base-path-mapping)')
        : unknownFrom('the stage', d.route)
    const stage = d.route.value.stage
    const stages = s.api.stages
    if (stages.status !== 'ok') return unknownFrom(`the stages of ${apiId}`, stages)
    const found = stages.value.find(x => x.stageName === stage)
    const names = stages.value.map(x => x.stageName).join(', ') || 'none'
    if (!found) {
      return fail(
        `stage "${stage}" does not exist on ${apiId} (stages: ${names}): API Gateway answers 403 "Missing Authentication Token"`,
        stages.value[0]
          ? [
              `# call an existing stage (https://${s.target.hostname}/${stages.value[0].stageName}${d.route.value.resourcePath}), or deploy this one:`,
              `aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage} --region ${s.target.region}`,
            ].join('\n')
          : `aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage} --region ${s.target.region}`,
        [`stages: ${names}`],
        `${apiId}/${stage}`,
      )
    }
    if (!found.deploymentId) {
      return fail(
        `stage "${stage}" has no deployment`,
        `aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage} --region ${s.target.region}`,
        [],
        `${apiId}/${stage}`,
      )
    }
    const dep = valueOf(s.api.deployment)
    return pass(
      `stage ${stage} serves deployment ${found.deploymentId}${dep?.createdDate ? ` (created ${dep.createdDate})` : ''}`,
    )
  },
}
