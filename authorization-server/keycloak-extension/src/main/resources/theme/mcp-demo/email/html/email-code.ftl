<#import "template.ftl" as layout>
<#-- The login-code mail (html); attributes: code, clientName, ttlMinutes. Values are HTML-escaped. -->
<@layout.emailLayout>
<p>${msg("emailCodeBodyCodeLabel")} <strong id="code">${code}</strong></p>
<p>${msg("emailCodeBodyClient", clientName)}</p>
<p>${msg("emailCodeBodyValidity", ttlMinutes)}</p>
</@layout.emailLayout>
