import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isQivoError, QivoError } from '../../../shared/errors';
import { translateError, type Translate } from '../../../shared/i18n';
import { applyFieldOfPath } from '../../../shared/official/apply-official';
import { normaliseAnmProcessNumber } from '../../../shared/official/parsers';
import { factAgeSeconds, officialFactsOf } from '../../../shared/official/report-facts';
import { codeLabel } from '../../../shared/trs/code-labels';
import { serializeTrsReport } from '../../../shared/trs/migrations';
import type { FactValue, OfficialFact } from '../../../shared/trs/model';
import { writeFileAtomic } from '../../storage/atomic-file';
import type { CliContext } from '../cli-context';
import { ageText } from '../../../shared/official/age';
import { sourceLine } from '../provenance-text';
import { readTrsFile } from '../trs-file';
import { reportCommand } from './report-group';
import { allFeatures } from '../../core/features';
import { officialServiceOf } from '../../official/feature';
import { applyOfficialToDocument } from '../../official/report-facts-service';

const MAX_RADIUS_KM = 50;

function radius(value: string): number {
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0 || n > MAX_RADIUS_KM)
    throw new QivoError('official.invalidRadius', `"${value.slice(0, 30)}" is not a radius in kilometres.`, { value: value.slice(0, 30) });
  return n;
}

const shown = (v: FactValue | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** "someKey" → "some key": the last resort for a value name no label exists for (a file from elsewhere). */
const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

function valueLabel(t: Translate, key: string): string {
  return t(`official.factValues.${key}`, { defaultValue: words(key) });
}

/** A fact named as a reader knows it: "ANM mining process 802.563/1973 (ANM SIGMINE)". */
function factName(fact: Pick<OfficialFact, 'agency' | 'dataset' | 'recordType' | 'recordId'>, lang: CliContext['lang']): string {
  return `${codeLabel('officialRecordType', fact.recordType, lang)} ${fact.recordId} (${fact.agency} ${fact.dataset})`;
}

const errorData = (error: unknown) =>
  isQivoError(error) ? { code: error.code, message: error.message } : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
const errorText = (t: Translate, error: unknown) => (isQivoError(error) ? translateError(t, error) : error instanceof Error ? error.message : String(error));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => (r[i] ?? '').length))));
  return rows
    .map((r) =>
      r
        .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** What a fact filled in the report, in words ("Phase", "Holder"), never the JSON path. */
function appliedLabels(t: Translate, fact: OfficialFact): string[] {
  return fact.appliedTo.map((p) => {
    const field = applyFieldOfPath(p);
    return field
      ? t(`official.apply.fields.${field}`)
      : p
          .split('.')
          .filter((s) => !/^\d+$/.test(s))
          .map(words)
          .join(' › ');
  });
}

/** `qivo report apply-official FILE --anm-process N` and `qivo report facts FILE`: "Apply to report" and the Sources pane on a file. */
export function register(program: Command, ctx: CliContext): void {
  const report = reportCommand(program);

  report
    .command('apply-official')
    .description(
      'fill a TRS file from an ANM process (every proposed field) and cite the IBAMA embargoes and ANP overlaps near it; prints field, old, new, fact',
    )
    .argument('<file>', 'canonical TRS JSON file')
    .requiredOption('--anm-process <number>', 'ANM process number (802.563/1973 or 802563/1973)')
    .option('--radius-km <km>', `radius around the process for IBAMA and ANP records (default 2, at most ${MAX_RADIUS_KM})`)
    .option('--out <file>', 'write the result here instead of replacing FILE')
    .option('--force', 'replace an existing --out file')
    .action(async (file: string, opts: { anmProcess: string; radiusKm?: string; out?: string; force?: boolean }) => {
      // Bad input fails before anything is opened, and leaves every file as it was.
      const processNumber = normaliseAnmProcessNumber(opts.anmProcess).canonical;
      const radiusKm = opts.radiusKm === undefined ? 2 : radius(opts.radiusKm);
      const document = readTrsFile(file);
      const target = path.resolve(opts.out ?? file);
      if (opts.out && !opts.force && target !== path.resolve(file) && fs.existsSync(target)) {
        throw new QivoError('trs.fileExists', `${target} exists; use --force to replace it`, { file: target });
      }
      const core = ctx.core(allFeatures);
      // The same gates as "Apply to report" in the window: official data, and the Brazilian fields it fills.
      const official = officialServiceOf(core);
      if (!core.gate.isEnabled('BRAZILIAN_FIELDS')) {
        throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
      }
      let outcome: Awaited<ReturnType<typeof applyOfficialToDocument>>;
      try {
        outcome = await applyOfficialToDocument(official, document, processNumber, { radiusKm });
      } catch (error) {
        if (!isQivoError(error) || !error.code.startsWith('official.')) throw error;
        // No answer and no copy (or no such process): say why, and that the file is untouched.
        throw new QivoError('official.nothingApplied', `Nothing was changed in ${file}: ${error.message}`, { file, reason: translateError(ctx.t, error) });
      }
      const before = serializeTrsReport(document);
      const after = serializeTrsReport(outcome.report);
      const changed = before !== after;
      if (changed || target !== path.resolve(file)) writeFileAtomic(target, after);
      const lang = ctx.lang;
      const anmFact = officialFactsOf(outcome.report).find((f) => f.fact.recordType === 'anmProcess' && f.fact.recordId === processNumber);
      const json = {
        file: path.resolve(file),
        out: target,
        changed,
        process: processNumber,
        applied: outcome.applied.map((c) => ({ field: c.field, path: c.path, old: c.current, new: c.proposed, referenceId: c.referenceId })),
        facts: outcome.nearby.map((n) => ({
          referenceId: n.referenceId,
          added: n.added,
          agency: n.fact.agency,
          dataset: n.fact.dataset,
          recordType: n.fact.recordType,
          recordId: n.fact.recordId,
          url: n.fact.url,
          fetchedAt: n.fact.fetchedAt,
        })),
        anmFact: anmFact ? { referenceId: anmFact.reference.id, url: anmFact.fact.url, fetchedAt: anmFact.fact.fetchedAt } : null,
        sources: outcome.sources,
        failures: outcome.failures.map((f) => ({ agency: f.agency, dataset: f.dataset, ...errorData(f.error) })),
      };
      for (const failure of outcome.failures) ctx.io.stderr(`${ctx.t('official.cli.apply.failed', { reason: errorText(ctx.t, failure.error) })}\n`);
      ctx.print(json, () => {
        const t = ctx.t;
        const shownFile = target;
        const lines: string[] = [];
        if (outcome.applied.length === 0 && outcome.nearby.every((n) => !n.added) && !changed) {
          lines.push(t('official.cli.apply.unchanged', { file: shownFile, process: processNumber }));
        } else {
          lines.push(t(opts.out ? 'official.cli.apply.titleOut' : 'official.cli.apply.title', { process: processNumber, file: shownFile }));
        }
        if (outcome.applied.length > 0) {
          const factLabel = anmFact ? factName(anmFact.fact, lang) : processNumber;
          lines.push(
            table([
              [t('official.cli.apply.field'), t('official.cli.apply.old'), t('official.cli.apply.new'), t('official.cli.apply.fact')],
              ...outcome.applied.map((c) => [t(`official.apply.fields.${c.field}`), c.current || '—', c.proposed, factLabel]),
            ]),
          );
        }
        if (outcome.nearby.length > 0) {
          lines.push(t('official.cli.apply.nearby'));
          for (const n of outcome.nearby)
            lines.push(`  ${factName(n.fact, lang)} — ${t(n.added ? 'official.cli.apply.nearbyAdded' : 'official.cli.apply.nearbyKept')}`);
        } else if (outcome.failures.length === 0) {
          lines.push(t('official.cli.apply.nearbyNone', { radius: radiusKm }));
        }
        // Where each answer came from: live, or the cache and how old it is (offline at the mine site).
        const seen = new Set<string>();
        for (const source of outcome.sources) {
          const key = `${source.agency}|${source.dataset}`;
          if (seen.has(key)) continue;
          seen.add(key);
          lines.push(sourceLine(t, source));
        }
        return lines.join('\n');
      });
    });

  report
    .command('facts')
    .description('list the official facts a TRS file cites, with their provenance (agency, dataset, record, URL, retrieval date, age)')
    .argument('<file>', 'canonical TRS JSON file')
    .action((file: string) => {
      const document = readTrsFile(file);
      const now = new Date();
      const facts = officialFactsOf(document).map(({ reference, fact }) => ({
        referenceId: reference.id,
        citation: reference.citation,
        agency: fact.agency,
        dataset: fact.dataset,
        recordType: fact.recordType,
        recordId: fact.recordId,
        url: fact.url,
        fetchedAt: fact.fetchedAt,
        ageSeconds: factAgeSeconds(fact, now),
        values: fact.values,
        appliedTo: fact.appliedTo,
        geometry: fact.geometry ? fact.geometry.type : null,
        contentSha256: fact.contentSha256,
      }));
      ctx.print({ file: path.resolve(file), facts }, () => {
        const t = ctx.t;
        if (facts.length === 0) return t('official.cli.facts.none', { file });
        const lines = [t('official.cli.facts.count', { file, count: facts.length })];
        for (const [i, { fact }] of officialFactsOf(document).entries()) {
          const listed = facts[i]!;
          lines.push('', `${i + 1}. ${factName(fact, ctx.lang)}`);
          lines.push(`   ${t('official.cli.facts.retrieved', { fetchedAt: fact.fetchedAt, age: ageText(t, listed.ageSeconds) })}`);
          lines.push(`   ${t('official.cli.facts.url')}: ${fact.url}`);
          for (const [key, value] of Object.entries(fact.values)) if (value !== null && value !== '') lines.push(`   ${valueLabel(t, key)}: ${shown(value)}`);
          if (fact.geometry) lines.push(`   ${t('official.cli.facts.geometry', { type: t(`official.cli.facts.geometryTypes.${fact.geometry.type}`) })}`);
          const applied = appliedLabels(t, fact);
          if (applied.length > 0) lines.push(`   ${t('official.cli.facts.appliedTo')}: ${applied.join(', ')}`);
        }
        return lines.join('\n');
      });
    });
}
