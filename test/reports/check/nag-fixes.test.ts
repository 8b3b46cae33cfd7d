import { describe, expect, it } from 'vitest';
import { listNagRules } from '../../../src/reports/check/nag';
import { derivedFix, nagFix, rulesWithWrittenFix } from '../../../src/reports/check/nag-fixes';

describe('nagFix', () => {
  const rules = listNagRules();

  it('lists the packs check runs with their rule counts', () => {
    const count = (pack: string) => rules.filter((rule) => rule.pack === pack).length;
    expect([count('AwsSolutions'), count('NIST.800.53.R5'), count('HIPAA.Security')]).toEqual([131, 85, 90]);
  });

  it('gives every rule of the three packs a fix that is not its message', () => {
    for (const rule of rules) {
      const fix = nagFix(rule.ruleName, rule.info, rule.pack);
      expect(fix.length, rule.ruleId).toBeGreaterThan(15);
      expect(fix, rule.ruleId).not.toBe(rule.info);
    }
  });

  it('writes fixes only for rules that exist (a renamed rule would silently fall back)', () => {
    const names = new Set(rules.map((rule) => rule.ruleName));
    expect(rulesWithWrittenFix().filter((name) => !names.has(name))).toEqual([]);
  });

  it('turns a rule\'s info into an instruction', () => {
    expect(derivedFix('The API does not have access logging enabled.')).toBe('enable access logging on the API');
    expect(derivedFix('The Auto Scaling Group does not have a cooldown period.')).toBe('configure a cooldown period on the Auto Scaling Group');
    expect(derivedFix('The SNS Topic does not require publishers to use SSL.')).toBe('make the SNS Topic require publishers to use SSL');
    expect(derivedFix('The DMS replication instance is public')).toBe('change the DMS replication instance so that it no longer is public');
    expect(derivedFix('The trail does not have log file validation enabled - (Control ID: 164.312(c)(1)).')).toBe('enable log file validation on the trail');
    expect(derivedFix('A Network ACL or Network ACL entry has been implemented.')).toBeUndefined();
  });

  it('prefers the fix written in CDK terms', () => {
    expect(nagFix('S3BucketLoggingEnabled', 'The S3 Bucket has server access logs disabled.', 'AwsSolutions')).toMatch(/serverAccessLogsBucket/);
  });
});
