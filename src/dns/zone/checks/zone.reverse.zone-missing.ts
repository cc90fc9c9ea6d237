/**
 * Addresses used in the forward zones whose reverse zone was not given: their PTRs cannot be
 * checked here (they may live with the provider, who must set them on request).
 */
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';
import { pairsOf, reverseZoneFor, subnetZone, weighsForMail } from '../lint/pairs.js';

const meta = {
  id: 'zone.reverse.zone-missing',
  severity: 'info',
  messages: {
    en: {
      title: '{subnet}: {count} address(es) in the forward zone but no reverse zone given ({zone})',
      detail:
        'Without the reverse zone netdoctor cannot check the PTRs of {names}. For public addresses the reverse zone usually belongs to the provider.',
      fix: 'Give the reverse zone file too: netdoctor dns lint <forward file> <file of {zone}>. If the provider runs it, ask them for PTRs, and check live with: netdoctor dns reverse {example}',
    },
    ja: {
      title:
        '{subnet}: 正引きゾーンに {count} 件のアドレスがありますが、逆引きゾーン ({zone}) が指定されていません',
      detail:
        '逆引きゾーンがないので {names} の PTR を確認できません。グローバルアドレスの逆引きゾーンは通常プロバイダーが管理しています。',
      fix: '逆引きゾーンのファイルも指定してください: netdoctor dns lint <正引きファイル> <{zone} のファイル>。プロバイダーの管理なら PTR の設定を依頼し、netdoctor dns reverse {example} で確認してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'set',
  run: (ctx) => {
    const p = pairsOf(ctx);
    const groups = new Map<
      string,
      { zone: string; uses: { name: string; address: string }[]; mail: boolean }
    >();
    for (let e = 0; e < p.forward.size; e++) {
      const raw = p.forward.rawAt(e);
      // The first record's address decides (they all have this key); uses are made only when needed.
      const first = Array.isArray(raw) ? raw[0] : raw;
      if (!first || reverseZoneFor(p, (first.data as { address: string }).address)) continue;
      const uses = p.forward.get(p.forward.keyAt(e)) ?? [];
      const u = uses[0];
      if (!u) continue;
      const { subnet, zone } = subnetZone(u.address);
      let g = groups.get(subnet);
      if (!g) {
        g = { zone, uses: [], mail: false };
        groups.set(subnet, g);
      }
      for (const x of uses) {
        g.uses.push({ name: x.name, address: x.address });
        if (weighsForMail(p, x.name, x.address)) g.mail = true;
      }
    }
    return [...groups].map(([subnet, g]) =>
      report(
        meta,
        undefined,
        {
          subnet,
          zone: g.zone,
          count: new Set(g.uses.map((u) => u.address)).size,
          names: [...new Set(g.uses.map((u) => u.name))].slice(0, 5),
          example: g.uses[0]?.address ?? '',
        },
        { subnet, zone: g.zone, addresses: g.uses },
        g.mail ? 'warn' : 'info',
      ),
    );
  },
};
