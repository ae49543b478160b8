<#ftl output_format="plainText">
<#-- The login-code mail (plain text); attributes: code, clientName, ttlMinutes. -->
${msg("emailCodeBodyCodeLabel")} ${code}

${msg("emailCodeBodyClient", clientName)}
${msg("emailCodeBodyValidity", ttlMinutes)}
