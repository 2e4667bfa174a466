# bash completion for lineage (installed as share/bash-completion/completions/lineage).
# Commands and options mirror `lineage --help` and `lineage <command> --help`.
_lineage() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="inspect hash tokenizer arch weights compare compute logs trajectory calibrate cache fingerprint registry behaviour transcripts"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case "$prev" in
    --lang) COMPREPLY=($(compgen -W "en ko" -- "$cur")); return ;;
    --gpu) COMPREPLY=($(compgen -W "A100 H100 H800 H200 B200 MI300X TPUv5p" -- "$cur")); return ;;
    --threads|--seed|--params|--active|--gpus|--days|--gpu-hours|--mfu|--price|--tokens|\
    --claimed-tokens|--vocab-size|--tokens-per-step|--how|--timeout|--max-size|--projection-seed|--top|--budget|\
    --candidate|--base|--control|--endpoint|--endpoint-model|--prompts|--max-queries|--continuation|--alpha|\
    --power|--concurrency|--retries) return ;;
  esac
  if [ "$cmd" = cache ]; then
    case "${COMP_WORDS[2]}" in
      ls) COMPREPLY=($(compgen -W "--help --json" -- "$cur")) ;;
      prune) COMPREPLY=($(compgen -W "--help --max-size --all" -- "$cur")) ;;
      *) COMPREPLY=($(compgen -W "ls prune --help" -- "$cur")) ;;
    esac
    return
  fi
  if [ "$cmd" = transcripts ]; then
    case "${COMP_WORDS[2]}" in
      export) COMPREPLY=($(compgen -W "--help --jsonl --transcripts" -- "$cur")) ;;
      *) COMPREPLY=($(compgen -W "export --help" -- "$cur")) ;;
    esac
    [[ "$prev" == --transcripts ]] && COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  if [ "$cmd" = registry ]; then
    local hubflags="--ca-bundle --insecure --timeout --offline --full --sequential --verbose"
    local shared="--help --registry --json --lang"
    case "${COMP_WORDS[2]}" in
      add) COMPREPLY=($(compgen -W "$shared $hubflags --projection-seed --threads" -- "$cur")) ;;
      search) COMPREPLY=($(compgen -W "$shared $hubflags --top --threads" -- "$cur")) ;;
      ls|rm) COMPREPLY=($(compgen -W "$shared" -- "$cur")) ;;
      build) COMPREPLY=($(compgen -W "--help --registry --lang $hubflags --list --jobs --threads --projection-seed" -- "$cur")) ;;
      *) COMPREPLY=($(compgen -W "add search ls rm build --help" -- "$cur")) ;;
    esac
    [[ "$cur" == -* || "${COMP_WORDS[2]}" == "$cur" ]] || COMPREPLY+=($(compgen -f -- "$cur"))
    return
  fi
  local common="--help --json --lang --threads --quiet"
  # The hub flags of every command that takes a MODEL (cli/cmd_common.h AddModelFlags).
  local hub="--ca-bundle --insecure --timeout --offline --full --sequential --verbose"
  local opts
  case "$cmd" in
    compare) opts="$common $hub --budget --always-measure-power --html --md --seed --catalog --panel --timestamp --logs --checkpoints --registry
      --vocab-size --tokens-per-step --init-check --params --active --gpu --gpus --days
      --gpu-hours --mfu --price --claimed-tokens --endpoint --control --endpoint-model --transcripts
      --replay --max-queries --probes --probe-lang --probe-tokens --prompt-mode" ;;
    inspect) opts="$common $hub --init-check" ;;
    hash) opts="$common $hub --values" ;;
    tokenizer) opts="$common $hub" ;;
    arch) opts="$common $hub --catalog" ;;
    weights) opts="$common $hub --seed --verbose --panel --budget --always-measure-power" ;;
    compute) opts="$common --params --active --gpu --gpus --days --gpu-hours --mfu --price --tokens" ;;
    logs) opts="$common --vocab-size --claimed-tokens --tokens-per-step" ;;
    trajectory) opts="$common $hub --against --seed" ;;
    calibrate) opts="$common $hub --out --how --seed --lineage-a --lineage-b --same-data" ;;
    fingerprint) opts="$common $hub -o --output --projection-seed" ;;
    behaviour) opts="--help --json --lang --verbose --candidate --base --control --endpoint-model
      --transcripts --replay --no-store --prompts --max-queries --seed --continuation --alpha
      --power --concurrency --stream --timeout --retries --probes --probe-lang --probe-tokens
      --prompt-mode" ;;
    *) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _lineage lineage
