/** Generates many distinct aggregate reports (for the kill test and the benchmark). */

const RESULTS = ['pass', 'fail'] as const;

/** Report number `i`: reporter r<i%7>.example, `records` records from 198.51.100.0/24 and 203.0.113.0/24. */
export function generatedReport(
  i: number,
  records = 3,
  days = Number.POSITIVE_INFINITY,
): { name: string; xml: string } {
  const reporter = `r${i % 7}.example`;
  // Day by day from November 2023, wrapping after `days` days (so that many reports stay in the past).
  const begin = 1700000000 + (Math.floor(i / 7) % days) * 86400;
  const rows: string[] = [];
  for (let k = 0; k < records; k++) {
    const n = (i * 31 + k * 7) % 250;
    const dkim = RESULTS[(i + k) % 2];
    const spf = RESULTS[(i + k + (k % 3)) % 2];
    rows.push(`  <record>
    <row><source_ip>${k % 2 ? '203.0.113' : '198.51.100'}.${n + 1}</source_ip><count>${(n % 40) + 1}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>
    <identifiers><header_from>example.test</header_from></identifiers>
    <auth_results><dkim><domain>example.test</domain><selector>s1</selector><result>${dkim}</result></dkim><spf><domain>example.test</domain><result>${spf}</result></spf></auth_results>
  </record>`);
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata><org_name>${reporter}</org_name><email>dmarc@${reporter}</email><report_id>gen-${i}</report_id>
    <date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>
  <policy_published><domain>example.test</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
${rows.join('\n')}
</feedback>
`;
  return { name: `${reporter}!example.test!${begin}!${begin + 86399}!${i}.xml`, xml };
}
