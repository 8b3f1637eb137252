# embed.cmake: writes ds_build_register.c, the national assumption register
# that `pcplan dataset build` writes into every dataset it builds, from
# datasets/national/assumptions.csv and presets.csv.
#   cmake -DOUT=ds_build_register.c -DDIR=datasets/national -P embed.cmake
set(c "/* ds_build_register.c: made by datasets/national/embed.cmake; do not edit. */\n")
string(APPEND c "#include \"ds_build_int.h\"\n\n")
foreach(pair "assumptions_csv|assumptions.csv" "presets_csv|presets.csv")
  string(REPLACE "|" ";" parts "${pair}")
  list(GET parts 0 var)
  list(GET parts 1 file)
  file(READ "${DIR}/${file}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x..,){24})" "\\1\n    " bytes "${bytes}")
  string(APPEND c "const char ds_build_${var}[] = {\n    ${bytes}0};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${c}")
file(RENAME "${OUT}.tmp" "${OUT}")
