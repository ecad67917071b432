/**
 * Services composed behind the contract: each method of the contract is answered by the service
 * the contract table puts it in. This is the only place methods are routed, so no layer writes a
 * forwarder by hand and a new method needs no wiring.
 */
import { methodNames, serviceOf, type MethodName, type ServiceApi, type ServiceName } from './api';

type Composed<S extends ServiceName> = { [K in S]: ServiceApi<K> }[S] extends infer U ? (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never : never;

/** The methods of `services`, each bound to the service that answers it. */
export function composeServices<S extends ServiceName>(services: { [K in S]: ServiceApi<K> }): Composed<S> {
  const api: Partial<Record<MethodName, unknown>> = {};
  for (const name of methodNames) {
    const service = (services as Partial<Record<ServiceName, Record<string, unknown>>>)[serviceOf[name]];
    if (!service) continue;
    const method = service[name];
    if (typeof method !== 'function') throw new Error(`the ${serviceOf[name]} service has no ${name}`);
    api[name] = method.bind(service);
  }
  return api as Composed<S>;
}
