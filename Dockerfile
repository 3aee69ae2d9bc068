# sigmactl in a container: `docker build -t sigmactl .` then
#   docker run --rm -e SIGMA_CLOUD -e SIGMA_CLIENT_ID -e SIGMA_CLIENT_SECRET sigmactl whoami
#   docker run --rm -v "$PWD/sigma:/data" -e SIGMA_CLOUD -e SIGMA_CLIENT_ID -e SIGMA_CLIENT_SECRET sigmactl extract -o /data --since last
# Not built in this repository's CI (its machines have no Docker engine); see docs/pipelines.md.

# Build stage: compile TypeScript and pack the package exactly as npm would publish it.
FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 may need a compiler when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json LICENSE README.md CHANGELOG.md ./
COPY src ./src
RUN npm pack --pack-destination /tmp && mv /tmp/sigmactl-*.tgz /tmp/sigmactl.tgz

# Runtime stage: the packed package and its production dependencies only (the compiler is
# removed again once better-sqlite3 is installed).
FROM node:20-bookworm-slim
COPY --from=build /tmp/sigmactl.tgz /tmp/sigmactl.tgz
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && npm install -g --no-audit --no-fund /tmp/sigmactl.tgz && rm /tmp/sigmactl.tgz \
 && apt-get purge -y --auto-remove python3 make g++ && rm -rf /var/lib/apt/lists/* /root/.npm
# Run as the image's unprivileged user; state and output go under its home or a mounted volume.
USER node
WORKDIR /home/node
ENV NODE_ENV=production
ENTRYPOINT ["sigmactl"]
CMD ["--help"]
