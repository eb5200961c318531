import { useEffect, useRef, useState } from 'react';
import type { ComplianceOfficialContext } from '../../../shared/ipc/compliance-contract';
import { createKrciChecker, type CheckContext, type CheckResult } from '../../../shared/krci';
import type { TrsReport } from '../../../shared/trs/model';
import { qivo } from '../../api/client';
import { isFlagOn } from '../../app/feature-flags';

/** Quiet time after the last keystroke before re-checking. */
export const LIVE_CHECK_DEBOUNCE_MS = 300;

type IdleHandle = { cancel(): void };

/**
 * Runs `fn` when the browser is idle (so typing is never delayed by a check), at the latest after
 * `timeout` ms. The check itself is incremental and takes about a millisecond after one keystroke
 * (see test/bench/krci.bench.ts), so it fits in an idle slice; a Web Worker would have to clone the
 * whole report on every message, which costs more on the UI thread than the check it offloads.
 */
function whenIdle(fn: () => void, timeout = 1000): IdleHandle {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (h: number) => void };
  if (w.requestIdleCallback && w.cancelIdleCallback) {
    const h = w.requestIdleCallback(fn, { timeout });
    return { cancel: () => w.cancelIdleCallback(h) };
  }
  const h = window.setTimeout(fn, 0);
  return { cancel: () => window.clearTimeout(h) };
}

export function toCheckContext(official: ComplianceOfficialContext | undefined): CheckContext {
  return {
    now: new Date(),
    flags: { BRAZILIAN_FIELDS: isFlagOn('BRAZILIAN_FIELDS') },
    official: {
      ...(official?.anmProcess ? { anmProcess: official.anmProcess } : {}),
      ...(official?.ibamaEmbargoes ? { ibamaEmbargoes: official.ibamaEmbargoes } : {}),
    },
  };
}

/**
 * The live KRCI result of the document being edited: debounced, run at idle time, incremental
 * (one engine per open report keeps each rule's last result keyed by what it reads).
 */
export function useLiveKrci(
  reportId: string,
  document: TrsReport | undefined,
): { result: CheckResult | undefined; official: ComplianceOfficialContext | undefined } {
  const engine = useRef(createKrciChecker());
  const [result, setResult] = useState<CheckResult | undefined>();
  const [official, setOfficial] = useState<ComplianceOfficialContext | undefined>();

  useEffect(() => {
    engine.current = createKrciChecker();
    setResult(undefined);
    setOfficial(undefined);
    let alive = true;
    // Official data is a bonus: offline or with the feature off, the live check runs without it.
    qivo.compliance
      .officialContext({ reportId })
      .then((o) => {
        if (alive) setOfficial(o);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [reportId]);

  useEffect(() => {
    if (!document) return;
    let idle: IdleHandle | undefined;
    const timer = window.setTimeout(
      () => {
        idle = whenIdle(() => setResult(engine.current.check(document, toCheckContext(official))));
      },
      result === undefined ? 0 : LIVE_CHECK_DEBOUNCE_MS,
    );
    return () => {
      window.clearTimeout(timer);
      idle?.cancel();
    };
    // `result` is read only to skip the debounce for the very first check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [document, official]);

  return { result, official };
}
