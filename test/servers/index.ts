import { ArcgisFakeServer } from './arcgis-server';
import { GeoserverWfsFakeServer } from './geoserver-wfs-server';
import { SislicFakeServer } from './sislic-server';
import type { FakeServer } from './fake-http';

export { ArcgisFakeServer, ANM_LAYER_PATH, IBAMA_LAYER_PATH } from './arcgis-server';
export { GeoserverWfsFakeServer, SGB_WFS_PATH, ANP_WFS_PATH } from './geoserver-wfs-server';
export { SislicFakeServer, SISLIC_PATH } from './sislic-server';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './fake-http';
export { PROPERTY, SYNTHETIC_CNPJ } from './official-data';

export interface OfficialServers {
  arcgis: ArcgisFakeServer;
  wfs: GeoserverWfsFakeServer;
  sislic: SislicFakeServer;
  /** The environment variables that point the workstation at these servers. */
  env: {
    QIVO_ANM_SIGMINE_URL: string;
    QIVO_SGB_WFS_URL: string;
    QIVO_IBAMA_EMBARGO_URL: string;
    QIVO_IBAMA_SISLIC_URL: string;
    QIVO_ANP_WFS_URL: string;
  };
  all(): FakeServer[];
  /** Clears faults, latency and call counters on every server. */
  reset(): void;
  /** Stops every server (the workstation is then "offline"). */
  stop(): Promise<void>;
  /** Starts them again on the same ports. */
  restart(): Promise<void>;
}

/** Starts the ArcGIS, GeoServer WFS and SISLIC fakes on 127.0.0.1 (free ports). */
export async function startOfficialServers(): Promise<OfficialServers> {
  const arcgis = new ArcgisFakeServer();
  const wfs = new GeoserverWfsFakeServer();
  const sislic = new SislicFakeServer();
  await Promise.all([arcgis.start(), wfs.start(), sislic.start()]);
  const ports = [arcgis, wfs, sislic].map((s) => Number(new URL(s.baseUrl).port));
  const servers: OfficialServers = {
    arcgis,
    wfs,
    sislic,
    env: {
      QIVO_ANM_SIGMINE_URL: arcgis.anmBaseUrl,
      QIVO_SGB_WFS_URL: wfs.sgbUrl,
      QIVO_IBAMA_EMBARGO_URL: arcgis.ibamaLayerUrl,
      QIVO_IBAMA_SISLIC_URL: sislic.sislicUrl,
      QIVO_ANP_WFS_URL: wfs.anpUrl,
    },
    all: () => [arcgis, wfs, sislic],
    reset() {
      for (const s of servers.all()) s.clearFaults().resetCalls();
    },
    async stop() {
      await Promise.all(servers.all().map((s) => s.stop()));
    },
    async restart() {
      await Promise.all(servers.all().map((s, i) => (s.running ? Promise.resolve(s.baseUrl) : s.start(ports[i]))));
    },
  };
  return servers;
}
