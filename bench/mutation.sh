#!/usr/bin/env bash
# Mutation testing of the security core (not run by CI: it takes minutes): dotnet-stryker mutates the key ring and
# field/stream encryption (Platform/Crypto), the audit chain's seal (Platform/Audit/AuditChain.cs) and the role →
# permission map (Platform/Security/RolePermissions.cs), and runs the unit tests (tests/KeneyApp.Tests) against each
# mutant. A surviving mutant is a rule no test states. Prints Stryker's table and the score; the HTML report goes to
# bench/results/mutation/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-stryker >/dev/null || dotnet tool install -g dotnet-stryker --version 5.1.0 >/dev/null
out="$PWD/bench/results/mutation"
mkdir -p "$out"
cd tests/KeneyApp.Tests
dotnet-stryker --project KeneyApp.csproj --concurrency 2 --output "$out" \
  --mutate '**/Platform/Crypto/**/*.cs' --mutate '**/Platform/Audit/AuditChain.cs' --mutate '**/Platform/Security/RolePermissions.cs' \
  --reporter cleartext --reporter html --reporter json
