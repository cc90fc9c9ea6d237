import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mtaStsRecordProblem, mxPatternMatches, parsePolicy } from './mta-sts.js';

describe('MTA-STS record and policy parsing (RFC 8461)', () => {
  it('checks the _mta-sts record', () => {
    const table: [string, RegExp | undefined][] = [
      ['v=STSv1; id=20261123', undefined],
      ['v=STSv1;id=abc123;', undefined],
      ['v=STSv1; id=2026-11-23', /letters and digits/],
      ['v=STSv1;', /id= tag is missing/],
      ['id=1; v=STSv1', /begin with "v=STSv1;"/],
      [`v=STSv1; id=${'a'.repeat(33)}`, /1-32/],
    ];
    for (const [record, problem] of table) {
      const got = mtaStsRecordProblem(record);
      if (problem === undefined) assert.equal(got, undefined, record);
      else assert.match(got ?? '', problem, record);
    }
  });

  it('parses a policy and lists its problems', () => {
    const good = parsePolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: MX1.Example.org.\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
    );
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.policy, {
      version: 'STSv1',
      mode: 'enforce',
      mx: ['mx1.example.org', '*.example.net'],
      maxAge: 604800,
    });
    const table: [string, RegExp][] = [
      ['mode: enforce\nmx: a.example\nmax_age: 1\n', /version must be "STSv1"/],
      ['version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1\n', /mode must be enforce, testing or none/],
      ['version: STSv1\nmode: enforce\nmax_age: 1\n', /no mx: line/],
      ['version: STSv1\nmode: enforce\nmx: a.example\n', /max_age is missing/],
      ['version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999\n', /max_age must be/],
      ['<html>not a policy</html>', /not "key: value"/],
    ];
    for (const [text, problem] of table) {
      assert.ok(
        parsePolicy(text).problems.some((p) => problem.test(p)),
        `${JSON.stringify(text)} → ${problem}`,
      );
    }
    assert.deepEqual(parsePolicy('version: STSv1\nmode: none\nmax_age: 86400\n').problems, []);
  });

  it('matches MX host names against policy patterns (§4.1: a wildcard covers one label)', () => {
    assert.equal(mxPatternMatches('mx.example.org', 'mx.example.org'), true);
    assert.equal(mxPatternMatches('*.example.org', 'mx1.example.org'), true);
    assert.equal(mxPatternMatches('*.example.org', 'a.b.example.org'), false);
    assert.equal(mxPatternMatches('*.example.org', 'example.org'), false);
    assert.equal(mxPatternMatches('mx.example.org', 'mx2.example.org'), false);
  });
});
