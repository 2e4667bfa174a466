# bash completion for lineage (installed as share/bash-completion/completions/lineage).
# Commands and options mirror `lineage --help` and `lineage <command> --help`.
_lineage() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="inspect hash tokenizer arch weights compare compute logs trajectory calibrate"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case "$prev" in
    --lang) COMPREPLY=($(compgen -W "en ko" -- "$cur")); return ;;
    --gpu) COMPREPLY=($(compgen -W "A100 H100 H800 H200 B200 MI300X TPUv5p" -- "$cur")); return ;;
    --threads|--seed|--params|--active|--gpus|--days|--gpu-hours|--mfu|--price|--tokens|\
    --claimed-tokens|--vocab-size|--tokens-per-step|--how) return ;;
  esac
  local common="--help --json --lang --threads --quiet"
  local opts
  case "$cmd" in
    compare) opts="$common --html --md --seed --catalog --panel --timestamp --logs --checkpoints
      --vocab-size --tokens-per-step --init-check --params --active --gpu --gpus --days
      --gpu-hours --mfu --price --claimed-tokens" ;;
    inspect) opts="$common --init-check" ;;
    hash) opts="$common --values" ;;
    tokenizer) opts="$common" ;;
    arch) opts="$common --catalog" ;;
    weights) opts="$common --seed --verbose --panel" ;;
    compute) opts="$common --params --active --gpu --gpus --days --gpu-hours --mfu --price --tokens" ;;
    logs) opts="$common --vocab-size --claimed-tokens --tokens-per-step" ;;
    trajectory) opts="$common --against --seed" ;;
    calibrate) opts="$common --out --how --seed" ;;
    *) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _lineage lineage
