import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core/core';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import { makeTempDir } from '../support/temp-dir';

let core: Core | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await core?.close();
  cleanup?.();
});

describe('the Reports list and the TRS never disagree', () => {
  it('stores the create form\'s property and commodity in the TRS; "Au" stays "Au"; a rename in the list reaches the TRS', () => {
    const temp = makeTempDir('qivo-list-trs-');
    cleanup = temp.cleanup;
    core = openCore({ dataDir: temp.dir, appVersion: '0.0.0-test', shell: 'cli', features: [reportsFeature, trsFeature] });
    const reports = core.services.reports!;
    const trs = core.services.trs!;
    const created = reports.create({ title: 'Ribeirão TRS', propertyName: 'Ribeirão Dourado', commodity: 'Au' });
    const opened = trs.get(created.id);
    expect(opened.document.metadata).toMatchObject({
      title: 'Ribeirão TRS',
      propertyName: 'Ribeirão Dourado',
      commodities: [{ code: 'Au', name: 'Au', primary: true }],
    });

    // The geologist names the commodity in the editor: the list keeps the code.
    const doc = opened.document;
    trs.save(created.id, opened.revision, { ...doc, metadata: { ...doc.metadata, commodities: [{ code: 'Au', name: 'Gold', primary: true }] } });
    expect(reports.get(created.id)).toMatchObject({ propertyName: 'Ribeirão Dourado', commodity: 'Au' });

    // Renamed in the list: the TRS follows; the commodity's name stays.
    reports.update(created.id, { title: 'Ribeirão TRS 2026', propertyName: 'Ribeirão Dourado Mine' });
    expect(trs.getDocument(created.id).metadata).toMatchObject({
      title: 'Ribeirão TRS 2026',
      propertyName: 'Ribeirão Dourado Mine',
      commodities: [{ code: 'Au', name: 'Gold', primary: true }],
    });
    expect(reports.get(created.id)).toMatchObject({ title: 'Ribeirão TRS 2026', propertyName: 'Ribeirão Dourado Mine', commodity: 'Au' });

    // A commodity typed with accents keeps the name and gets a code.
    const lithium = reports.create({ title: 'Lagoa Seca', commodity: 'Lítio' });
    expect(trs.getDocument(lithium.id).metadata.commodities).toEqual([{ code: 'Litio', name: 'Lítio', primary: true }]);
    expect(reports.get(lithium.id).commodity).toBe('Lítio');
  });
});
