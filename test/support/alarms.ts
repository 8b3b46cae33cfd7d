/** Reading CloudWatch alarms out of synthesized templates, for inventory tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function metricStat(stat: Json): string {
  return `${stat.Metric.Namespace} ${stat.Metric.MetricName} ${stat.Stat} ${stat.Period}s`;
}

/** `AWS/ECS CPUUtilization Average 300s`, or for metric math `IF(...) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, …}`. */
export function alarmMetric(properties: Json): string {
  if (properties.MetricName) {
    return `${properties.Namespace} ${properties.MetricName} ${properties.Statistic ?? properties.ExtendedStatistic} ${properties.Period}s`;
  }
  const queries: Json[] = properties.Metrics;
  const returned = queries.find((q) => q.ReturnData !== false);
  if (returned.MetricStat) return metricStat(returned.MetricStat);
  const inputs = queries.filter((q) => q !== returned).map((q) => `${q.Id}: ${metricStat(q.MetricStat)}`);
  return `${returned.Expression} {${inputs.join(', ')}}`;
}

/** One line per alarm of the templates: `name | metric | >= threshold for N of M`. */
export function alarmInventory(templates: readonly Json[]): string[] {
  return templates.flatMap((template) => Object.values<Json>(template.Resources)
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(({ Properties: p }) => `${p.AlarmName} | ${alarmMetric(p)} | ${OPERATORS[p.ComparisonOperator]} ${p.Threshold} for ${p.DatapointsToAlarm ?? p.EvaluationPeriods} of ${p.EvaluationPeriods}, missing ${p.TreatMissingData}`));
}
