# stepfunctions-tool-mcp-server as a shared Streamable HTTP service.
# Build:  docker build -t stepfunctions-tool-mcp-server .
# Run:    docker run -p 3000:3000 -e AWS_REGION=eu-west-1 -e SFN_MCP_AUTH_TOKENS_FILE=/run/secrets/mcp-tokens \
#           -v ./tokens:/run/secrets/mcp-tokens:ro stepfunctions-tool-mcp-server
# See docs/deployment.md for authentication, health checks and running several instances.
#
# The image holds the package exactly as `npm pack` makes it (the tarball test/package/user-path.test.ts
# installs and runs; the bin holds its dependencies, scripts/build.mjs), and starts the
# package's bin. test/package/dockerfile.test.ts checks that this file keeps doing so.

# ---- build: pack the package, unpack it into /app, install its production dependencies ----
FROM node:22-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: nothing the server needs runs one. The `node` dev dependency (it pins Node 22 for
# local npm scripts) gets its binary from its script; without it, npm's scripts must find the image's Node.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && rm -f node_modules/.bin/node
COPY tsconfig.json README.md CHANGELOG.md LICENSE ./
COPY src ./src
COPY scripts ./scripts
COPY examples ./examples
# `npm pack` runs `prepack` (a clean build of dist/: scripts/build.mjs bundles the bin, then
# scripts/build-view.mjs the workflow view's page) and keeps only what package.json's `files` lists.
RUN npm pack --pack-destination /tmp \
 && mkdir /app \
 && tar -xzf /tmp/stepfunctions-tool-mcp-server-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/ \
 && cd /app \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm package-lock.json

# ---- runtime: Node 22, non-root, no build tools ----
FROM node:22-slim
ENV NODE_ENV=production \
    SFN_MCP_TRANSPORT=http \
    SFN_MCP_HOST=0.0.0.0 \
    SFN_MCP_PORT=3000
WORKDIR /app
# The unpacked package and its dependencies; the example machines come with it
# (try the image with --local examples/state-machines).
COPY --from=build /app ./
# The image's own unprivileged user (uid 1000); the files above stay root-owned and read-only to it.
USER node
EXPOSE 3000
# Liveness with node itself (the slim image has no curl): /healthz answers 200 while the process serves.
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SFN_MCP_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful shutdown (SFN_MCP_SHUTDOWN_GRACE_SECONDS); give the container at least that long to stop.
STOPSIGNAL SIGTERM
# package.json's bin, started with the image's Node.
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
