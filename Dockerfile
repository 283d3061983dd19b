# stepfunctions-tool-mcp-server as a shared Streamable HTTP service.
# Build:  docker build -t stepfunctions-tool-mcp-server .
# Run:    docker run -p 3000:3000 -e AWS_REGION=eu-west-1 -e SFN_MCP_AUTH_TOKENS_FILE=/run/secrets/mcp-tokens \
#           -v ./tokens:/run/secrets/mcp-tokens:ro stepfunctions-tool-mcp-server
# See docs/deployment.md for authentication, health checks and running several instances.

# ---- build: compile TypeScript, then keep only the production dependencies ----
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing the server needs runs one. (The `node` dev dependency, which pins Node 22
# for local npm scripts, needs its script; so the compiler is run with the image's own Node instead.)
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime: Node 22, non-root, no build tools ----
FROM node:22-slim
ENV NODE_ENV=production \
    SFN_MCP_TRANSPORT=http \
    SFN_MCP_HOST=0.0.0.0 \
    SFN_MCP_PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The example machines, for trying the image with --local examples/state-machines.
COPY examples/state-machines ./examples/state-machines
# The image's own unprivileged user (uid 1000); the files above stay root-owned and read-only to it.
USER node
EXPOSE 3000
# Liveness with node itself (the slim image has no curl): /healthz answers 200 while the process serves.
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SFN_MCP_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful shutdown (SFN_MCP_SHUTDOWN_GRACE_SECONDS); give the container at least that long to stop.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
