import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const contentTypes: Record<string, string> = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.css': 'text/css'
};

/**
 * Serves the files of `root` on 127.0.0.1; paths that leave `root` get 404. `headers` go
 * on every file served.
 */
export async function serveDirectory(
	root: string,
	headers: Record<string, string> = {}
): Promise<{ url: string; close(): Promise<void> }> {
	// eslint-disable-next-line @typescript-eslint/no-misused-promises -- every path answers, errors included
	const server = createServer(async (req, res) => {
		const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
		const relative = normalize(pathname === '/' ? 'index.html' : pathname.slice(1));
		if (relative.startsWith('..')) return res.writeHead(404).end();
		try {
			const body = await readFile(join(root, relative));
			res.writeHead(200, {
				...headers,
				'Content-Type': contentTypes[extname(relative)] ?? 'application/octet-stream'
			});
			res.end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
