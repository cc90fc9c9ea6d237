/** The zone doctor's catalog, gathered from the checks (each check holds its own words). */
import type { CatalogEntry } from '../../../core/i18n.js';
import { ZONE_CHECKS } from '../checks/index.js';

export const zoneLintMessages: Readonly<Record<string, CatalogEntry>> = Object.fromEntries(
  ZONE_CHECKS.map((c) => [c.meta.id, c.meta.messages]),
);
