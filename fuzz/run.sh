#!/usr/bin/env bash
# Builds the fuzz targets and runs each one, one after another, for SECONDS (default 60).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Exits non-zero if any target crashes, hangs (-timeout) or runs out of memory
# (-rss_limit_mb); the reproducer is in fuzz/artifacts/<target>/. New inputs go to
# fuzz/corpus/<target>/ (ignored by git); fuzz/seeds/<target>/ is read, never written.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets the stable toolchain build it.
set -euo pipefail

cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_cfn_yaml fuzz_json fuzz_tf_plan fuzz_tf_source)
fi

export RUSTC_BOOTSTRAP=1
# The rules engine runs rules on rayon's pool; one worker keeps a fuzz job on one core.
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz --version 0.13.2
fi

declare -A dict=([fuzz_cfn_yaml]=cfn.dict [fuzz_json]=json.dict [fuzz_tf_plan]=plan.dict [fuzz_tf_source]=hcl.dict)

cargo fuzz build

failed=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
    if [ -n "${dict[$t]:-}" ]; then
        args+=(-dict="dicts/${dict[$t]}")
    fi
    echo "fuzz/run.sh: $t for ${seconds}s" >&2
    if ! cargo fuzz run "$t" "corpus/$t" "seeds/$t" -- "${args[@]}"; then
        echo "fuzz/run.sh: $t FAILED; reproducer in fuzz/artifacts/$t/" >&2
        failed+=("$t")
    fi
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzz/run.sh: crashes in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz/run.sh: ${targets[*]}: no crash in ${seconds}s each" >&2
