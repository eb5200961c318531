import type { Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import { normaliseAnmProcessNumber, parseBboxText } from '../../../shared/official/parsers';
import { SourceIdSchema, type AnmProcess, type Provenance } from '../../../shared/official/records';
import { apiKeySecretName } from '../../official/config';
import { bboxOf, officialServiceOf } from '../../official/feature';
import type { OfficialService } from '../../official/official-service';
import type { CliContext } from '../cli-context';
import { ageText } from '../../../shared/official/age';
import { sourceLine as provenanceLine } from '../provenance-text';
import { allFeatures } from '../../core/features';

function service(ctx: CliContext): OfficialService {
  // Refused with the flag's reason when OFFICIAL_INTEGRATIONS is off for this user.
  return officialServiceOf(ctx.core(allFeatures));
}

function coordinate(value: string, kind: 'lat' | 'lon' | 'radius'): number {
  const n = Number(value.replace(',', '.'));
  const limit = kind === 'lat' ? 90 : kind === 'lon' ? 180 : 200;
  const valid = Number.isFinite(n) && Math.abs(n) <= limit && (kind !== 'radius' || n > 0);
  if (!valid) {
    throw new QivoError('official.invalidCoordinate', `"${value.slice(0, 30)}" is not a valid ${kind}.`, { value: value.slice(0, 30), kind });
  }
  return n;
}

/** Records without their polygons: the terminal cannot draw them and they dwarf the facts. */
function withoutGeometry<T extends object>(records: T[]): Array<Omit<T, 'geometry'>> {
  return records.map((r) => {
    const { geometry: _geometry, ...rest } = r as T & { geometry?: unknown };
    return rest;
  });
}

function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.min(48, Math.max(...rows.map((r) => (r[i] ?? '').length))));
  return rows
    .map((r) =>
      r
        .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** The `anm-process` JSON, in the shape the README documents. */
export function anmProcessJson(record: AnmProcess, source: Provenance) {
  return {
    process: record.process,
    holder: record.holder,
    phase: record.phase,
    substances: record.substances,
    use: record.use,
    uf: record.uf,
    areaHa: record.areaHa,
    parts: record.parts,
    lastEvent: record.lastEvent,
    source,
  };
}

async function propertyArea(svc: OfficialService, process: string | undefined, bboxText: string | undefined) {
  if (process) {
    const property = await svc.anmProcess(process);
    const geometry = property.record.geometry;
    if (!geometry) throw new QivoError('official.noGeometry', `ANM publishes no polygon for ${property.record.process}.`, { process: property.record.process });
    return { bbox: bboxOf(geometry), polygon: geometry };
  }
  if (bboxText) return { bbox: parseBboxText(bboxText), polygon: undefined };
  throw new QivoError('official.missingQuery', 'Give --bbox or --process.', { options: '--bbox, --process' });
}

export function register(program: Command, ctx: CliContext): void {
  const official = program
    .command('official')
    .description('official data: ANM SIGMINE, SGB GeoSGB, IBAMA embargoes and SISLIC, ANP GISHUB (cached, works offline)');

  official
    .command('anm-process')
    .description('one ANM mining process by number (802.563/1973, 802563/1973 or 013.987/1967)')
    .argument('<number>', 'process number')
    .action(async (number: string) => {
      normaliseAnmProcessNumber(number); // a clear error before the core is opened
      const { record, source } = await service(ctx).anmProcess(number);
      const json = anmProcessJson(record, source);
      ctx.print(json, () =>
        [
          ctx.t('official.record.title', { process: record.process }),
          `  ${ctx.t('official.record.holder')}: ${record.holder}`,
          `  ${ctx.t('official.record.phase')}: ${record.phase}`,
          `  ${ctx.t('official.record.substances')}: ${record.substances.join(', ')}`,
          `  ${ctx.t('official.record.use')}: ${record.use}`,
          `  ${ctx.t('official.record.uf')}: ${record.uf}`,
          `  ${ctx.t('official.record.area')}: ${ctx.t('official.record.areaValue', { area: record.areaHa, parts: record.parts })}`,
          `  ${ctx.t('official.record.lastEvent')}: ${record.lastEvent ? ctx.t('official.record.lastEventValue', { code: record.lastEvent.code, description: record.lastEvent.description, date: dash(record.lastEvent.date) }) : '—'}`,
          provenanceLine(ctx.t, source),
        ].join('\n'),
      );
    });

  official
    .command('anm-area')
    .description('ANM processes intersecting a bounding box (or touching a process polygon)')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'bounding box in degrees')
    .option('--process <number>', 'only processes touching this process')
    .action(async (opts: { bbox?: string; process?: string }) => {
      const svc = service(ctx);
      const area = await propertyArea(svc, opts.process, opts.bbox);
      const result = await svc.anmArea(area.bbox, area.polygon);
      ctx.print({ records: withoutGeometry(result.records), source: result.source }, () =>
        [
          ctx.t('official.cli.count', { count: result.records.length }),
          table(result.records.map((r) => [r.process, r.phase, r.holder, r.substances.join(', '), `${r.areaHa} ha`])),
          provenanceLine(ctx.t, result.source),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  official
    .command('sgb-occurrences')
    .description('SGB mineral occurrences within a radius of a point')
    .requiredOption('--lat <lat>', 'latitude, degrees')
    .requiredOption('--lon <lon>', 'longitude, degrees')
    .requiredOption('--radius-km <km>', 'radius in kilometres')
    .action(async (opts: { lat: string; lon: string; radiusKm: string }) => {
      const lat = coordinate(opts.lat, 'lat');
      const lon = coordinate(opts.lon, 'lon');
      const radius = coordinate(opts.radiusKm, 'radius');
      const result = await service(ctx).sgbOccurrences(lat, lon, radius);
      ctx.print(result, () =>
        [
          ctx.t('official.cli.count', { count: result.records.length }),
          table(
            result.records.map((o) => [`${o.distanceKm.toFixed(1)} km`, dash(o.toponym), dash(o.substances), dash(o.economicStatus), dash(o.municipality)]),
          ),
          provenanceLine(ctx.t, result.source),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  official
    .command('sgb-unit')
    .description('SGB 1:1M lithostratigraphic unit at a point')
    .requiredOption('--lat <lat>', 'latitude, degrees')
    .requiredOption('--lon <lon>', 'longitude, degrees')
    .action(async (opts: { lat: string; lon: string }) => {
      const result = await service(ctx).sgbUnit(coordinate(opts.lat, 'lat'), coordinate(opts.lon, 'lon'));
      const unit = result.record;
      ctx.print({ record: unit ? withoutGeometry([unit])[0] : null, source: result.source }, () =>
        [
          unit
            ? `${unit.code} — ${dash(unit.name)} (${dash(unit.hierarchy)}; ${dash(unit.eraMax)}–${dash(unit.eraMin)}, ${dash(unit.ageMaxMa)}–${dash(unit.ageMinMa)} Ma)\n  ${dash(unit.lithotypes)}`
            : ctx.t('official.cli.none'),
          provenanceLine(ctx.t, result.source),
        ].join('\n'),
      );
    });

  official
    .command('ibama-embargoes')
    .description('IBAMA embargoes in a bounding box, on a process polygon, or held by a CNPJ')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'bounding box in degrees')
    .option('--process <number>', 'embargoes touching this ANM process')
    .option('--cnpj <cnpj>', 'embargoes held by this CNPJ/CPF')
    .action(async (opts: { bbox?: string; process?: string; cnpj?: string }) => {
      const svc = service(ctx);
      const result = opts.cnpj
        ? await svc.ibamaEmbargoes({ cnpj: opts.cnpj })
        : await (async () => {
            const area = await propertyArea(svc, opts.process, opts.bbox);
            return svc.ibamaEmbargoes(area.polygon ? { bbox: area.bbox, polygon: area.polygon } : { bbox: area.bbox });
          })();
      ctx.print({ records: withoutGeometry(result.records), source: result.source }, () =>
        [
          ctx.t('official.cli.count', { count: result.records.length }),
          table(result.records.map((e) => [dash(e.term), dash(e.embargoDate), `${dash(e.areaHa)} ha`, dash(e.municipality), dash(e.uf), dash(e.propertyName)])),
          provenanceLine(ctx.t, result.source),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  official
    .command('ibama-licences')
    .description('IBAMA federal licences (SISLIC) by licence number, process, holder or CNPJ')
    .option('--number <number>', 'licence number')
    .option('--process <number>', 'IBAMA process number')
    .option('--holder <name>', 'part of the holder name')
    .option('--cnpj <cnpj>', 'holder CNPJ/CPF')
    .action(async (opts: { number?: string; process?: string; holder?: string; cnpj?: string }) => {
      if (!opts.number && !opts.process && !opts.holder && !opts.cnpj) {
        throw new QivoError('official.missingQuery', 'Give --number, --process, --holder or --cnpj.', { options: '--number, --process, --holder, --cnpj' });
      }
      const result = await service(ctx).ibamaLicences(opts);
      ctx.print(result, () =>
        [
          ctx.t('official.cli.count', { count: result.records.length }),
          table(result.records.map((l) => [l.number, dash(l.type), dash(l.holder), dash(l.issuedOn), dash(l.expiresOn)])),
          provenanceLine(ctx.t, result.source),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  official
    .command('anp-overlaps')
    .description('ANP exploration blocks, production fields and wells in a bounding box (or on a process polygon)')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'bounding box in degrees')
    .option('--process <number>', 'only what touches this ANM process')
    .action(async (opts: { bbox?: string; process?: string }) => {
      const svc = service(ctx);
      const area = await propertyArea(svc, opts.process, opts.bbox);
      const result = await svc.anpOverlaps(area.bbox, area.polygon);
      const json = {
        blocks: { records: withoutGeometry(result.blocks.records), source: result.blocks.source },
        fields: { records: withoutGeometry(result.fields.records), source: result.fields.source },
        wells: result.wells,
      };
      ctx.print(json, () =>
        [
          `${ctx.t('official.anpKinds.block')}: ${ctx.t('official.cli.count', { count: result.blocks.records.length })}`,
          table(result.blocks.records.map((b) => [b.code, dash(b.name), dash(b.operator), dash(b.basin)])),
          provenanceLine(ctx.t, result.blocks.source),
          `${ctx.t('official.anpKinds.field')}: ${ctx.t('official.cli.count', { count: result.fields.records.length })}`,
          table(result.fields.records.map((f) => [f.code, dash(f.name), dash(f.operator), dash(f.basin)])),
          provenanceLine(ctx.t, result.fields.source),
          `${ctx.t('official.anpKinds.well')}: ${ctx.t('official.cli.count', { count: result.wells.records.length })}`,
          table(result.wells.records.slice(0, 50).map((w) => [w.register, dash(w.name), dash(w.operator), dash(w.situation)])),
          provenanceLine(ctx.t, result.wells.source),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  official
    .command('status')
    .description("each source's health (circuit, last success, cache age) and the cache figures")
    .action(() => {
      const status = service(ctx).status();
      ctx.print(status, () =>
        [
          table([
            [
              ctx.t('official.sources.source'),
              ctx.t('official.sources.circuit'),
              ctx.t('official.sources.lastSuccess'),
              ctx.t('official.sources.cacheAge'),
              ctx.t('official.sources.entries'),
            ],
            ...status.sources.map((s) => [
              `${s.agency} (${s.source})`,
              s.circuit,
              s.lastSuccessAt ?? ctx.t('official.sources.never'),
              s.cacheAgeSeconds === null ? '—' : ageText(ctx.t, s.cacheAgeSeconds),
              String(s.cachedEntries),
            ]),
          ]),
          ctx.t('official.sources.cache', {
            entries: status.cache.entries,
            size: `${(status.cache.bytes / 1024).toFixed(1)} KiB / ${(status.cache.maxBytes / 1048576).toFixed(0)} MiB`,
            hits: status.cache.hits,
            misses: status.cache.misses,
            stale: status.cache.staleServes,
            evictions: status.cache.evictions,
          }),
        ].join('\n'),
      );
    });

  official
    .command('api-key')
    .description("store a source's gateway API key (read from standard input, never from the command line) or --clear it")
    .argument('<source>', 'anm | sgb | ibamaEmbargo | ibamaSislic | anp')
    .option('--clear', 'remove the stored key')
    .action(async (sourceText: string, opts: { clear?: boolean }) => {
      const parsed = SourceIdSchema.safeParse(sourceText);
      if (!parsed.success)
        throw new QivoError('official.missingQuery', `Unknown source "${sourceText.slice(0, 20)}".`, { options: SourceIdSchema.options.join(', ') });
      const core = ctx.core(allFeatures);
      officialServiceOf(core);
      if (opts.clear) {
        core.secrets.delete(apiKeySecretName(parsed.data));
      } else {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        const key = Buffer.concat(chunks).toString('utf8').trim();
        if (!key) throw new QivoError('official.missingQuery', 'Pipe the key on standard input.', { options: 'stdin' });
        core.secrets.set(apiKeySecretName(parsed.data), key);
      }
      const configured = Boolean(core.secrets.get(apiKeySecretName(parsed.data)));
      ctx.print({ source: parsed.data, configured }, `${parsed.data}: ${configured ? ctx.t('official.sources.yes') : ctx.t('official.sources.no')}`);
    });
}
