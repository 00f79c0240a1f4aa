import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyTRPCRouter } from '@trpc/server';
import { clientAddressResolver, type TrustProxy } from '../auth/client-address';
import { createContextFactory, type Services } from '../context';
import { createTrpcHandler, type TrpcBounds } from '../http/trpc-handler';
import { appRouter } from '../routers/_app';
import { trpcPath } from '../../../src/lib/protocol/paths';

export interface TrpcTestServer {
	/** `http://127.0.0.1:<port>/trpc`, where procedures are `${url}/auth.logIn`. */
	url: string;
	port: number;
	close(): Promise<void>;
}

/**
 * The coordinator's real tRPC handler (bounds, JSON body, error formatter, context from
 * cookies) on a free local port, for attacks with raw HTTP.
 */
export async function serveTrpc(
	services: Services,
	{
		bounds = {},
		router = appRouter,
		trustProxy = { kind: 'none' }
	}: { bounds?: Partial<TrpcBounds>; router?: AnyTRPCRouter; trustProxy?: TrustProxy } = {}
): Promise<TrpcTestServer> {
	const createContext = createContextFactory(services, clientAddressResolver(trustProxy));
	const handler = createTrpcHandler(
		{ router, createContext },
		{ maxBodyBytes: 4 * 1024 * 1024, ...bounds }
	);
	const server: Server = createServer((req, res) => handler(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${trpcPath}`,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** A tRPC error response's body. */
export interface TrpcErrorBody {
	error: { message: string; code: number; data: { code: string; httpStatus: number } };
}

/** POSTs `input` as JSON to one procedure, as a hand-made client would. */
export function postJson(server: TrpcTestServer, path: string, input: unknown, headers = {}) {
	return fetch(`${server.url}/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(input)
	});
}
