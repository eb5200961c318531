import { sislicRecords } from './official-data';
import { FakeServer, json, type FakeResponse } from './fake-http';

export const SISLIC_PATH = '/dados/SISLIC/sislic-licencas.json';

/** IBAMA's SISLIC open-data file: one JSON document `{"data":[…]}` with every federal licence. */
export class SislicFakeServer extends FakeServer {
  records = sislicRecords();

  get sislicUrl(): string {
    return `${this.baseUrl}${SISLIC_PATH}`;
  }

  protected route(path: string): FakeResponse {
    if (path !== SISLIC_PATH) {
      return { status: 404, body: '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>', contentType: 'text/html' };
    }
    return json({ data: this.records });
  }
}
