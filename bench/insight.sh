# bench/insight.sh - the audio analysis part of bench/serve.sh (sourced by it; `bash bench/serve.sh insight` runs only
# this part and the peaks endpoint).
#
# Makes dual-channel recordings that decode like a call (pocketsphinx-testdata's spoken sentences, customer and agent
# on their own channel, with pauses, overtalk and silences of 3 to 7 s over faint pink noise; 16 kHz, 64 kbit/s stereo
# mp3, Twilio's dual-channel bitrate) and runs the product's FfmpegAudioAnalyzer on them through bench/InsightBench:
# the elapsed time against the recording's duration, the CPU time, and the peak resident memory of the .NET process
# (VmHWM) and of ffmpeg (getrusage's ru_maxrss of the waited-for child), for a short and a long recording.
#
# Needs: ROOT, WORK, log/die (scripts/lib.sh), ffmpeg, jq.

INSIGHT_SPEECH=/usr/share/pocketsphinx/test/data
INSIGHT_DLL=""

# insight_build -> builds bench/InsightBench (Release), sets INSIGHT_DLL
insight_build() {
  log "building bench/InsightBench (Release)"
  dotnet build "$ROOT/bench/InsightBench" -c Release -nologo -v q >"$WORK/insight-build.log" 2>&1 ||
    die "the build of bench/InsightBench failed: see $WORK/insight-build.log"
  INSIGHT_DLL="$ROOT/bench/InsightBench/bin/Release/net10.0/InsightBench.dll"
}

# insight_audio DIR MINUTES -> DIR/speech-MINUTESm.mp3, made once; prints its path
insight_audio() {
  local dir="$1" minutes="$2" out
  out="$dir/speech-${minutes}m.mp3"
  mkdir -p "$dir"
  if [[ ! -f "$dir/left.wav" ]]; then
    # One 30 s cycle per channel: goforward.raw (2.8 s) and numbers.raw (4 s), 16 kHz mono. The customer speaks at
    # 0 s and 3 s, the agent at 8 s and 11 s, the customer at 21.5 s while the agent starts at 24 s (overtalk); nobody
    # speaks from 15 to 21.5 s and from 26.8 to 30 s (silences).
    ffmpeg -hide_banner -loglevel error -y \
      -f s16le -ar 16000 -ac 1 -i "$INSIGHT_SPEECH/goforward.raw" -f s16le -ar 16000 -ac 1 -i "$INSIGHT_SPEECH/numbers.raw" \
      -filter_complex "[0:a]asplit=3[g1][g2][g3];[1:a]asplit=3[n1][n2][n3];
        [g1]adelay=0[a1];[n1]adelay=3000[a2];[n2]adelay=21500[a3];
        [a1][a2][a3]amix=inputs=3:normalize=0,apad=whole_dur=30,atrim=0:30[left];
        [g2]adelay=8000[b1];[n3]adelay=11000[b2];[g3]adelay=24000[b3];
        [b1][b2][b3]amix=inputs=3:normalize=0,apad=whole_dur=30,atrim=0:30[right]" \
      -map '[left]' -c:a pcm_s16le "$dir/left.wav" -map '[right]' -c:a pcm_s16le "$dir/right.wav" \
      >"$dir/cycle.log" 2>&1 || die "ffmpeg could not make the speech cycle: $(cat "$dir/cycle.log")"
  fi
  if [[ ! -f "$out" ]]; then
    # The cycles looped, each with its own faint pink noise (about -50 dBFS, under the analyzer's -38 dB threshold).
    ffmpeg -hide_banner -loglevel error -y -stream_loop -1 -i "$dir/left.wav" -stream_loop -1 -i "$dir/right.wav" \
      -f lavfi -i "anoisesrc=color=pink:amplitude=0.003:sample_rate=16000:seed=1" \
      -f lavfi -i "anoisesrc=color=pink:amplitude=0.003:sample_rate=16000:seed=7" \
      -filter_complex "[0:a][2:a]amix=inputs=2:normalize=0[l];[1:a][3:a]amix=inputs=2:normalize=0[r];
        [l][r]join=inputs=2:channel_layout=stereo[out]" \
      -map '[out]' -t $((minutes * 60)) -ar 16000 -c:a libmp3lame -b:a 64k "$out" >"$dir/make-${minutes}m.log" 2>&1 ||
      die "ffmpeg could not make the ${minutes}-minute recording: $(cat "$dir/make-${minutes}m.log")"
  fi
  printf '%s\n' "$out"
}

# insight_analyze FILE CHANNELS -> one line of JSON (bench/InsightBench/Program.cs), in its own process
insight_analyze() {
  dotnet "$INSIGHT_DLL" "$1" "$2" 2>>"$WORK/insight-errors.log" || die "InsightBench failed on $1: see $WORK/insight-errors.log"
}

# insight_measure ROUNDS -> the 10- and 60-minute recordings analyzed ROUNDS times each, alternately; sets, per length
# L in 10 60: INSIGHT_ELAPSED_L (median s), INSIGHT_RATIO_L (median elapsed / duration), INSIGHT_RUNS_L (each
# round's elapsed), INSIGHT_CPU_L and INSIGHT_FFCPU_L (median CPU s of .NET and ffmpeg), INSIGHT_RSS_L and
# INSIGHT_FFRSS_L (highest peak RSS over the rounds, MB), INSIGHT_BYTES_L; INSIGHT_LOAD (load averages before/after)
insight_measure() {
  local rounds="$1" dir="$WORK/insight" minutes round file json
  declare -A files=()
  for minutes in 10 60; do
    log "making a ${minutes}-minute dual-channel speech recording (ffmpeg, 64 kbit/s stereo mp3)"
    files[$minutes]="$(insight_audio "$dir" "$minutes")"
  done
  # A warm-up on the short one: the disk cache and ffmpeg's libraries, not counted.
  insight_analyze "${files[10]}" 2 >/dev/null
  local load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "analyzing each recording $rounds times (FfmpegAudioAnalyzer in bench/InsightBench; load average $load_before)"
  for round in $(seq 1 "$rounds"); do
    for minutes in 10 60; do
      json="$(insight_analyze "${files[$minutes]}" 2)"
      printf '%s\n' "$json" >>"$WORK/insight-${minutes}m.jsonl"
      log "  ${minutes} min, round $round: $(jq -r '"\(.elapsedSeconds) s, .NET \(.maxRssMb) MB, ffmpeg \(.ffmpegMaxRssMb) MB, \(.silences) silences, talk \(.metrics.CustomerTalkSeconds)/\(.metrics.AgentTalkSeconds) s"' <<<"$json")"
    done
  done
  INSIGHT_LOAD="$load_before -> $(cut -d' ' -f1-3 /proc/loadavg)"
  for minutes in 10 60; do
    file="$WORK/insight-${minutes}m.jsonl"
    jq -s -e 'all(.silences > 0 and .metrics.CustomerTalkSeconds > 0 and .metrics.AgentTalkSeconds > 0)' "$file" >/dev/null ||
      die "the analyzer heard no speech in the ${minutes}-minute recording: see $file"
    printf -v "INSIGHT_ELAPSED_$minutes" '%s' "$(jq -s '[.[].elapsedSeconds] | sort | .[(length - 1) / 2 | floor]' "$file")"
    printf -v "INSIGHT_RATIO_$minutes" '%s' "$(jq -s '[.[].ratio] | sort | .[(length - 1) / 2 | floor]' "$file")"
    printf -v "INSIGHT_RUNS_$minutes" '%s' "$(jq -r '.elapsedSeconds' "$file" | paste -sd' ')"
    printf -v "INSIGHT_CPU_$minutes" '%s' "$(jq -s '[.[].cpuSeconds] | sort | .[(length - 1) / 2 | floor]' "$file")"
    printf -v "INSIGHT_FFCPU_$minutes" '%s' "$(jq -s '[.[].ffmpegCpuSeconds] | sort | .[(length - 1) / 2 | floor]' "$file")"
    printf -v "INSIGHT_RSS_$minutes" '%s' "$(jq -s 'map(.maxRssMb) | max' "$file")"
    printf -v "INSIGHT_FFRSS_$minutes" '%s' "$(jq -s 'map(.ffmpegMaxRssMb) | max' "$file")"
    printf -v "INSIGHT_BYTES_$minutes" '%s' "$(stat -c %s "${files[$minutes]}")"
  done
  INSIGHT_FILE_10="${files[10]}"
}
