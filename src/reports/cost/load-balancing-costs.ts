/**
 * The load-balancing and firewall lines of an estimate: each application load balancer's hours, its
 * LCUs from the assumed requests and response size, the public IPv4 addresses of an internet-facing
 * one, and each WAF web ACL with its rules and (when associated) its requests.
 */
import type { SynthesizedStack } from '../assembly-reader';
import type { ComputeContext } from './compute-costs';
import { num } from './ledger';
import { Props } from './template-resources';
import { targetOf } from './template-references';

/** `serviceOfStack` names a stack's service (the owner of its lines); `requests`: a service's requests a month. */
export function chargeLoadBalancing(context: ComputeContext, serviceOfStack: (stack: SynthesizedStack) => { readonly name: string } | undefined, requests: number): void {
  const { ledger, all, label } = context;
  const a = context.input.assumptions;
  const hours = a.hoursPerMonth;
  for (const lb of all.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const owner = serviceOfStack(lb.stack)?.name ?? label(lb.stack);
    if (lb.props.Type !== undefined && lb.props.Type !== 'application') {
      ledger.unpriceable(`elb.${String(lb.props.Type)}`, `${String(lb.props.Type)} load balancer`, owner, lb.stack);
      continue;
    }
    ledger.charge({ category: 'load balancing', item: 'ALB hours', resource: owner, stack: lb.stack, keys: 'alb.hour', quantity: hours, working: `1 load balancer × ${hours} h` });
    const perSecond = requests / (hours * 3600);
    const gbPerHour = (requests * a.responseKb) / 1e6 / hours;
    const lcu = Math.max(perSecond / 25, gbPerHour);
    ledger.charge({
      category: 'load balancing', item: 'ALB LCU-hours', resource: owner, stack: lb.stack, keys: 'alb.lcuHour', quantity: lcu * hours,
      working: `max(${num(perSecond)} new connections/s ÷ 25, ${num(gbPerHour)} GB/h ÷ 1) = ${num(lcu)} LCU × ${hours} h (${num(requests / 1e6)}M requests × ${a.responseKb} KB)`,
    });
    if (lb.props.Scheme !== 'internal') {
      const azs = Array.isArray(lb.props.Subnets) ? lb.props.Subnets.length : Array.isArray(lb.props.SubnetMappings) ? lb.props.SubnetMappings.length : 0;
      ledger.charge({
        category: 'load balancing', item: 'public IPv4 (internet-facing ALB)', resource: owner, stack: lb.stack, keys: 'ipv4.hour', quantity: azs * hours,
        working: `${azs} addresses (one per AZ) × ${hours} h`, confidence: 'S',
      });
    }
  }
  for (const acl of all.filter((r) => r.type === 'AWS::WAFv2::WebACL')) {
    const owner = serviceOfStack(acl.stack)?.name ?? label(acl.stack);
    const rules = Array.isArray(acl.props.Rules) ? (acl.props.Rules as Props[]) : [];
    const associated = all.some((r) => r.type === 'AWS::WAFv2::WebACLAssociation' && r.stack === acl.stack && targetOf(r.props.WebACLArn) === acl.id);
    ledger.charge({ category: 'security', item: 'WAF web ACL', resource: owner, stack: acl.stack, keys: 'waf.webAclMonth', quantity: 1, working: '1 web ACL' });
    ledger.charge({
      category: 'security', item: 'WAF rules', resource: owner, stack: acl.stack, keys: 'waf.ruleMonth', quantity: rules.length,
      working: rules.map((rule) => String(rule.Name)).join(', '),
    });
    for (const rule of rules) {
      const group = ((rule.Statement as Props | undefined)?.ManagedRuleGroupStatement as Props | undefined)?.Name;
      if (typeof group === 'string' && /BotControl|ATP|ACFP|AntiDDoS/.test(group)) {
        ledger.unpriceable(`waf.managedRuleGroup.${group}`, `WAF managed rule group ${group} (subscription and request fees)`, owner, acl.stack);
      }
    }
    if (associated) {
      ledger.charge({
        category: 'security', item: 'WAF requests', resource: owner, stack: acl.stack, keys: 'waf.millionRequests', quantity: requests / 1e6,
        working: `${num(requests / 1e6)}M requests to the associated load balancer`,
      });
    }
  }
}
