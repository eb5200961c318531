import axios, { type AxiosInstance } from 'axios';
import { QivoError } from '../../../shared/errors';

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

/** One instant query through Prometheus' HTTP API (`GET /api/v1/query`); the result must be a vector or a scalar. */
export async function queryPrometheus(baseUrl: string, query: string, at: Date, http: AxiosInstance = axios.create()): Promise<VectorSample[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query`;
  let response;
  try {
    response = await http.get(url, { params: { query, time: (at.getTime() / 1000).toFixed(3) }, timeout: 15_000, validateStatus: () => true, proxy: false });
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new QivoError('flags.prometheusUnreachable', `Prometheus at ${baseUrl} could not be reached (${reason}).`, { url: baseUrl, reason: String(reason) });
  }
  const body = response.data as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (response.status !== 200 || body?.status !== 'success') {
    throw new QivoError('flags.prometheusError', `Prometheus refused the query (HTTP ${response.status}): ${body?.error ?? 'no answer'}`, {
      url: baseUrl,
      detail: `${body?.error ?? response.status}`,
    });
  }
  const data = body.data!;
  if (data.resultType === 'scalar') {
    const [, v] = data.result as [number, string];
    return [{ metric: {}, value: Number(v) }];
  }
  return ((data.result as { metric: Record<string, string>; value: [number, string] }[]) ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
