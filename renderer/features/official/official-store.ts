import { create } from 'zustand';
import type { ReportSummary } from '../../../shared/domain/report-draft';
import type {
  AnmProcessResult,
  AnpOverlapsResult,
  Bbox,
  IbamaEmbargoesResult,
  IbamaLicencesResult,
  OfficialStatus,
  SgbOccurrencesResult,
  SgbUnitResult,
  SourceId,
} from '../../../shared/official/records';
import { proposeAnmApplication, type ApplyField, type ProposedChange } from '../../../shared/official/apply-official';
import { anmProcessFact } from '../../../shared/official/report-facts';
import type { OfficialFact } from '../../../shared/trs/model';
import { qivo } from '../../api/client';
import { errorText } from '../../i18n';

export type Section<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; message: string };

export interface Surroundings {
  occurrences: Section<SgbOccurrencesResult>;
  unit: Section<SgbUnitResult>;
  embargoes: Section<IbamaEmbargoesResult>;
  licences: Section<IbamaLicencesResult>;
  anp: Section<AnpOverlapsResult>;
}

const IDLE: Surroundings = {
  occurrences: { state: 'idle' },
  unit: { state: 'idle' },
  embargoes: { state: 'idle' },
  licences: { state: 'idle' },
  anp: { state: 'idle' },
};

interface OfficialState {
  property: AnmProcessResult | undefined;
  center: { lat: number; lon: number } | undefined;
  bbox: Bbox | undefined;
  radiusKm: number;
  looking: boolean;
  error: string | undefined;
  /** Main said the feature is off (ipc.featureDisabled): the view hides itself. */
  disabled: boolean;
  surroundings: Surroundings;
  status: OfficialStatus | undefined;
  reports: ReportSummary[];
  reportId: string;
  notice: string | undefined;
  lookup(number: string, radiusKm: number): Promise<void>;
  loadStatus(): Promise<void>;
  loadReports(): Promise<void>;
  chooseReport(id: string): void;
  insert(fact: OfficialFact): Promise<boolean>;
  /** "Apply to report": the proposed fields of the looked-up ANM process for the chosen report (undefined: dialog closed). */
  proposal: { fact: OfficialFact; changes: ProposedChange[] } | undefined;
  openApply(): Promise<void>;
  closeApply(): void;
  apply(accept: ApplyField[]): Promise<boolean>;
  setApiKey(source: SourceId, apiKey: string | null): Promise<boolean>;
  clearError(): void;
  clearNotice(): void;
}

function isDisabled(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as { code?: unknown }).code === 'ipc.featureDisabled');
}

/** [minLon, minLat, maxLon, maxLat] of the property's polygons. */
export function geometryBbox(geometry: AnmProcessResult['record']['geometry']): Bbox | undefined {
  if (!geometry) return undefined;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x!);
        box[1] = Math.min(box[1], y!);
        box[2] = Math.max(box[2], x!);
        box[3] = Math.max(box[3], y!);
      }
  return box;
}

/** Look-ups of one property and its surroundings; every section loads (and fails) on its own. */
export const useOfficialStore = create<OfficialState>((set, get) => {
  const section = async <K extends keyof Surroundings>(key: K, load: () => Promise<Surroundings[K] extends Section<infer T> ? T : never>) => {
    set((s) => ({ surroundings: { ...s.surroundings, [key]: { state: 'loading' } } }));
    try {
      const data = await load();
      set((s) => ({ surroundings: { ...s.surroundings, [key]: { state: 'ok', data } } }));
    } catch (error) {
      if (isDisabled(error)) set({ disabled: true });
      set((s) => ({ surroundings: { ...s.surroundings, [key]: { state: 'error', message: errorText(error) } } }));
    }
  };

  return {
    property: undefined,
    center: undefined,
    bbox: undefined,
    radiusKm: 10,
    looking: false,
    error: undefined,
    disabled: false,
    surroundings: IDLE,
    status: undefined,
    reports: [],
    reportId: '',
    notice: undefined,
    proposal: undefined,

    async lookup(number, radiusKm) {
      set({ looking: true, error: undefined, notice: undefined, radiusKm, surroundings: IDLE });
      try {
        const property = await qivo.official.anmProcess({ number });
        const bbox = geometryBbox(property.record.geometry);
        const center = bbox ? { lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2 } : undefined;
        set({ property, bbox, center, looking: false, disabled: false });
        const jobs: Promise<void>[] = [];
        if (center && bbox) {
          jobs.push(
            section('occurrences', () => qivo.official.sgbOccurrences({ lat: center.lat, lon: center.lon, radiusKm })),
            section('unit', () => qivo.official.sgbUnit({ lat: center.lat, lon: center.lon })),
            section('embargoes', () => qivo.official.ibamaEmbargoes({ process: property.record.process })),
            section('anp', () => qivo.official.anpOverlaps({ bbox, process: property.record.process })),
          );
        }
        if (property.record.holder) jobs.push(section('licences', () => qivo.official.ibamaLicences({ holder: property.record.holder.slice(0, 200) })));
        await Promise.all(jobs);
      } catch (error) {
        set({ looking: false, error: errorText(error), property: undefined, disabled: isDisabled(error) });
      }
      await get().loadStatus();
    },

    async loadStatus() {
      try {
        set({ status: await qivo.official.status() });
      } catch (error) {
        if (isDisabled(error)) set({ disabled: true });
      }
    },

    async loadReports() {
      try {
        const reports = await qivo.reports.list();
        set((s) => ({ reports, reportId: reports.some((r) => r.id === s.reportId) ? s.reportId : (reports[0]?.id ?? '') }));
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    chooseReport(id) {
      set({ reportId: id });
    },

    async insert(fact) {
      const reportId = get().reportId;
      if (!reportId) return false;
      try {
        await qivo.official.insertIntoReport({ reportId, fact });
        const title = get().reports.find((r) => r.id === reportId)?.title ?? '';
        set({ notice: title });
        return true;
      } catch (error) {
        set({ error: errorText(error) });
        return false;
      }
    },

    async openApply() {
      const { reportId, property } = get();
      if (!reportId || !property) return;
      try {
        const stored = await qivo.trs.get({ reportId });
        const fact = anmProcessFact(property);
        set({ proposal: { fact, changes: proposeAnmApplication(stored.document, fact) } });
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    closeApply() {
      set({ proposal: undefined });
    },

    async apply(accept) {
      const { reportId, proposal } = get();
      if (!reportId || !proposal) return false;
      try {
        await qivo.official.applyToReport({ reportId, fact: proposal.fact, accept });
        const title = get().reports.find((r) => r.id === reportId)?.title ?? '';
        set({ proposal: undefined, notice: title });
        return true;
      } catch (error) {
        set({ error: errorText(error) });
        return false;
      }
    },

    async setApiKey(source, apiKey) {
      try {
        await qivo.official.setApiKey({ source, apiKey });
        await get().loadStatus();
        return true;
      } catch (error) {
        set({ error: errorText(error) });
        return false;
      }
    },

    clearError() {
      set({ error: undefined });
    },
    clearNotice() {
      set({ notice: undefined });
    },
  };
});
