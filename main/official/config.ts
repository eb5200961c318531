import { z } from 'zod';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../settings/secret-store';
import { SOURCE_AGENCY, type Agency, type Dataset, type SourceId } from '../../shared/official/records';
import { DEFAULT_BREAKER_POLICY, type CircuitBreakerPolicy } from './http/circuit-breaker';
import { DEFAULT_HOST_POLICY, type HostPolicy } from './http/resilient-http';

export interface SourceDefinition {
  id: SourceId;
  agency: Agency;
  envVar: string;
  /** The real public address. ANM and IBAMA-embargo are ArcGIS service/layer URLs, the others WFS endpoints or a file. */
  defaultUrl: string;
}

export const SOURCES: Record<SourceId, SourceDefinition> = {
  anm: {
    id: 'anm',
    agency: 'ANM',
    envVar: 'QIVO_ANM_SIGMINE_URL',
    defaultUrl: 'https://geo.anm.gov.br/arcgis/rest/services/SIGMINE/dados_anm/MapServer',
  },
  sgb: { id: 'sgb', agency: 'SGB', envVar: 'QIVO_SGB_WFS_URL', defaultUrl: 'https://geoservicos.sgb.gov.br/geoserver/wfs' },
  ibamaEmbargo: {
    id: 'ibamaEmbargo',
    agency: 'IBAMA',
    envVar: 'QIVO_IBAMA_EMBARGO_URL',
    defaultUrl: 'https://pamgia.ibama.gov.br/server/rest/services/01_Publicacoes_Bases/adm_embargos_ibama_a/FeatureServer/0',
  },
  ibamaSislic: {
    id: 'ibamaSislic',
    agency: 'IBAMA',
    envVar: 'QIVO_IBAMA_SISLIC_URL',
    defaultUrl: 'https://dadosabertos.ibama.gov.br/dados/SISLIC/sislic-licencas.json',
  },
  anp: { id: 'anp', agency: 'ANP', envVar: 'QIVO_ANP_WFS_URL', defaultUrl: 'https://gishub.anp.gov.br/geoserver/BD_ANP/ows' },
};

/**
 * Time-to-live per dataset, seconds. SIGMINE and the IBAMA layers change daily; SGB's
 * occurrence and geology layers were loaded years ago and change rarely.
 */
export const DEFAULT_TTL_SECONDS: Record<Dataset, number> = {
  SIGMINE: 24 * 3600,
  'geosgb:ocorrencias_recursos_minerais': 7 * 24 * 3600,
  'geosgb:litoestratigrafia_1m': 30 * 24 * 3600,
  adm_embargos_ibama_a: 24 * 3600,
  SISLIC: 24 * 3600,
  'BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS': 7 * 24 * 3600,
  'BD_ANP:CAMPOS_PRODUCAO_SIRGAS': 7 * 24 * 3600,
  'BD_ANP:POCOS_SIRGAS': 7 * 24 * 3600,
};

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_ANM_MAX_RECORD_COUNT = 1000;

export const SETTINGS_KEYS = {
  baseUrl: (id: SourceId) => `official.sources.${id}.baseUrl`,
  apiKeyHeader: (id: SourceId) => `official.sources.${id}.apiKeyHeader`,
  timeoutMs: (id: SourceId) => `official.sources.${id}.timeoutMs`,
  maxRetries: (id: SourceId) => `official.sources.${id}.maxRetries`,
  concurrency: (id: SourceId) => `official.sources.${id}.concurrency`,
  maxResponseBytes: (id: SourceId) => `official.sources.${id}.maxResponseBytes`,
  ttlSeconds: 'official.cache.ttlSeconds',
  staleWhileRevalidateSeconds: 'official.cache.staleWhileRevalidateSeconds',
  maxBytes: 'official.cache.maxBytes',
  anmMaxRecordCount: 'official.sources.anm.maxRecordCount',
  breakerFailureThreshold: 'official.circuit.failureThreshold',
  breakerOpenMs: 'official.circuit.openMs',
} as const;

/** API keys live in the SecretStore only, under this name. */
export const apiKeySecretName = (id: SourceId) => `official.${id}.apiKey`;

export interface OfficialConfig {
  source(id: SourceId): SourceDefinition;
  baseUrl(id: SourceId): string;
  /** Headers with the source's API key, if one is stored. Never log the result. */
  authHeaders(id: SourceId): Record<string, string>;
  apiKeyConfigured(id: SourceId): boolean;
  hostPolicy(id: SourceId): HostPolicy;
  breakerPolicy(): CircuitBreakerPolicy;
  ttlSeconds(dataset: Dataset): number;
  staleWhileRevalidateSeconds(dataset: Dataset): number;
  maxBytes(): number;
  anmMaxRecordCount(): number;
}

const positiveInt = z.number().int().positive();
const secondsMap = z.record(z.string(), z.number().nonnegative());

function validUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where each setting comes from: the environment variable wins (it is how CI and the end-to-end
 * tests point the app at the local servers, and how an organisation pins a mirror), then the
 * setting, then the real public address.
 */
export function createOfficialConfig(settings: SettingsStore, env: NodeJS.ProcessEnv, secrets: SecretStore): OfficialConfig {
  return {
    source: (id) => SOURCES[id],
    baseUrl(id) {
      return validUrl(env[SOURCES[id].envVar]) ?? validUrl(settings.get(SETTINGS_KEYS.baseUrl(id), z.string(), '')) ?? SOURCES[id].defaultUrl;
    },
    authHeaders(id) {
      const key = secrets.get(apiKeySecretName(id));
      if (!key) return {};
      const header = settings.get(SETTINGS_KEYS.apiKeyHeader(id), z.string().regex(/^[A-Za-z0-9-]{1,64}$/), 'X-API-Key');
      return { [header]: key };
    },
    apiKeyConfigured: (id) => Boolean(secrets.get(apiKeySecretName(id))),
    hostPolicy(id) {
      return {
        ...DEFAULT_HOST_POLICY,
        timeoutMs: settings.get(SETTINGS_KEYS.timeoutMs(id), positiveInt, id === 'sgb' || id === 'ibamaSislic' ? 30_000 : DEFAULT_HOST_POLICY.timeoutMs),
        maxRetries: settings.get(SETTINGS_KEYS.maxRetries(id), z.number().int().min(0).max(10), DEFAULT_HOST_POLICY.maxRetries),
        concurrency: settings.get(SETTINGS_KEYS.concurrency(id), positiveInt, DEFAULT_HOST_POLICY.concurrency),
        maxResponseBytes: settings.get(SETTINGS_KEYS.maxResponseBytes(id), positiveInt, DEFAULT_HOST_POLICY.maxResponseBytes),
      };
    },
    breakerPolicy() {
      return {
        failureThreshold: settings.get(SETTINGS_KEYS.breakerFailureThreshold, positiveInt, DEFAULT_BREAKER_POLICY.failureThreshold),
        openMs: settings.get(SETTINGS_KEYS.breakerOpenMs, positiveInt, DEFAULT_BREAKER_POLICY.openMs),
      };
    },
    ttlSeconds(dataset) {
      return settings.get(SETTINGS_KEYS.ttlSeconds, secondsMap, {})[dataset] ?? DEFAULT_TTL_SECONDS[dataset];
    },
    staleWhileRevalidateSeconds(dataset) {
      // By default an answer one TTL past its expiry is still shown at once while a refresh runs.
      return settings.get(SETTINGS_KEYS.staleWhileRevalidateSeconds, secondsMap, {})[dataset] ?? DEFAULT_TTL_SECONDS[dataset];
    },
    maxBytes: () => settings.get(SETTINGS_KEYS.maxBytes, positiveInt, DEFAULT_CACHE_MAX_BYTES),
    anmMaxRecordCount: () => settings.get(SETTINGS_KEYS.anmMaxRecordCount, positiveInt, DEFAULT_ANM_MAX_RECORD_COUNT),
  };
}

export { SOURCE_AGENCY };
